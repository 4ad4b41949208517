// IV fluids (docs/billing-rules.md section 5): hydration only when a fluid runs by itself, long enough to be reported.
// Decided before any line is drawn, because a fluid that is not reportable hydration bills neither 96360/96361
// nor its own fluid line (J7030, J7040...):
// - it carries a drug (same bag: same start and stop as a drug infusion) or its period overlaps another drug
//   infusion: incidental (NCCI policy manual ch. XI: fluid used to administer drugs is not separately reportable,
//   and hydration concurrent with another infusion is not reportable);
// - it ran 30 minutes or less (CPT as quoted by Noridian: hydration of 30 minutes or less is not reportable);
// - it has no stop time, or times out of order: it cannot be shown to have run more than 30 minutes.
import { finding } from './findings';
import type { PreparedAdministration } from './prepare';
import { INFUSION_MINIMUM_MINUTES } from './timing';
import type { Finding } from './types';

/** Drug infusions a fluid-incidental finding names; beyond them it gives their number. */
const NAMED_AT_MOST = 5;

/** Hydration needs 31 minutes or more. */
const HYDRATION_MINIMUM_MINUTES = 31;

export interface FluidDecision {
  /** The administrations that bill: everything except the fluids that are not reportable hydration. */
  billable: PreparedAdministration[];
  findings: Finding[];
}

export function decideFluids(prepared: readonly PreparedAdministration[]): FluidDecision {
  const findings: Finding[] = [];
  const drugInfusions = prepared.filter((p) => p.route === 'iv' && p.administrationClass !== 'hydration' && isInfusion(p));
  const billable = prepared.filter((p) => {
    if (p.administrationClass !== 'hydration' || p.route !== 'iv') return true;
    const why = notReportable(p, drugInfusions);
    if (why) findings.push(why);
    return why === undefined;
  });
  return { billable, findings };
}

function notReportable(fluid: PreparedAdministration, drugInfusions: readonly PreparedAdministration[]): Finding | undefined {
  const { minutes, startMs, endMs } = fluid.timing;
  const about = [fluid.ref];
  // timing.ts sets minutes exactly when both times are set and in order; the other two checks narrow the types
  // (mutation testing: mutants of those two checks are equivalent).
  if (minutes === undefined || startMs === undefined || endMs === undefined) {
    return finding(
      'infusion-time-missing',
      `${fluid.drug.name} (${fluid.ref}) has no usable start and stop times, so it cannot be shown to have run more than 30 minutes: neither hydration nor the fluid is billed until the times are recorded.`,
      about,
    );
  }
  // Every fluid is compared with every drug infusion: cheap comparisons, at most 25 million for the largest body
  // the doors accept; what a finding names is bounded, so its size does not grow with the encounter.
  let overlapping = 0;
  let carried: PreparedAdministration | undefined;
  const named: PreparedAdministration[] = [];
  for (const d of drugInfusions) {
    if (!(d.timing.startMs! < endMs && startMs < d.timing.endMs!)) continue;
    overlapping++;
    if (named.length < NAMED_AT_MOST) named.push(d);
    if (!carried && d.timing.startMs === startMs && d.timing.endMs === endMs) carried = d;
  }
  if (overlapping > 0) {
    const others = overlapping - named.length;
    const cited = carried && !named.includes(carried) ? [...named, carried] : named;
    return finding(
      'fluid-incidental',
      carried
        ? `${fluid.drug.name} (${fluid.ref}) carried ${carried.drug.name} in the same bag: fluid used to give a drug is not billed, neither as hydration nor as a fluid line.`
        : `${fluid.drug.name} (${fluid.ref}) ran during the infusion of ${named.map((d) => d.drug.name).join(', ')}${others > 0 ? ` and ${others} other infusion${others === 1 ? '' : 's'}` : ''}: hydration beside another infusion is not billed, neither as hydration nor as a fluid line.`,
      [...about, ...cited.map((d) => d.ref)],
    );
  }
  if (minutes < HYDRATION_MINIMUM_MINUTES) {
    return finding(
      'hydration-too-short',
      `${fluid.drug.name} (${fluid.ref}) ran ${minutes} minutes: hydration of 30 minutes or less is not reportable, and its fluid is not billed either.`,
      about,
    );
  }
  return undefined;
}

/** A timed IV administration of 16 minutes or more. */
// Mutation testing: mutants of the three `!== undefined` checks are equivalent: minutes is undefined whenever a time
// is, and undefined >= 16 is false.
function isInfusion(p: PreparedAdministration): boolean {
  const { minutes, startMs, endMs } = p.timing;
  return minutes !== undefined && startMs !== undefined && endMs !== undefined && minutes >= INFUSION_MINIMUM_MINUTES;
}
