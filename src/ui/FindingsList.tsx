// Findings first, errors before warnings (issue 3, step 3): each in the engine's plain words with what to do,
// and the action the app can take on the spot (record waste, enter an NDC) right under it. One problem, one
// message (issue 13): "nothing to bill" only restates the errors above it, and the records a finding is about are
// folded away for whoever fixes the set-up, not written into the sentence a nurse reads.
import type { ComponentChildren } from 'preact';
import type { Finding, Severity } from '../billing';

const SEVERITY_LABEL: Record<Severity, string> = { error: 'Must fix', warning: 'Check', info: 'Note' };
const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The findings the page shows: "nothing-to-bill" left out when other errors already say why. */
export function findingsToShow(findings: readonly Finding[]): Finding[] {
  const otherErrors = findings.some((f) => f.severity === 'error' && f.code !== 'nothing-to-bill');
  return findings.filter((f) => !(otherErrors && f.code === 'nothing-to-bill'));
}

/** The engine's sentence without the record references it names in parentheses ("(MedicationAdministration/a1)"). */
export function plainMessage(message: string): string {
  return message.replace(/ \((?:[A-Z][A-Za-z]+\/[A-Za-z0-9.-]+(?:, )?)+\)/g, '');
}

export function FindingsList({ findings, actionsFor }: { findings: Finding[]; actionsFor: (finding: Finding) => ComponentChildren }) {
  const sorted = findingsToShow(findings).sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const errors = sorted.filter((f) => f.severity === 'error').length;
  return (
    <section aria-labelledby="findings-title">
      <h2 id="findings-title">What needs attention</h2>
      {sorted.length === 0 ? (
        <p class="all-clear">Nothing needs attention: the lines below are complete.</p>
      ) : (
        <>
          <p>
            {errors > 0
              ? `${errors} ${errors === 1 ? 'problem blocks' : 'problems block'} the draft claim.`
              : 'Nothing blocks the draft claim; please check the points below.'}
          </p>
          <ul class="findings">
            {sorted.map((f, i) => (
              <li key={`${f.code}-${i}`} class={`finding ${f.severity}`}>
                <p>
                  <span class="severity">{SEVERITY_LABEL[f.severity]}: </span>
                  {plainMessage(f.message)}
                </p>
                <p class="action">
                  <strong>What to do: </strong>
                  {f.action}
                </p>
                {actionsFor(f)}
                {f.resources.length > 0 && (
                  <details class="records">
                    <summary>Records in the EHR</summary>
                    <p class="sources">
                      {f.resources.join(', ')} (finding {f.code})
                    </p>
                  </details>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
