// Problems with the export itself (not with the billing): counted by kind, kept as a bounded sample for the summary
// and the report, and every one of them written to faults.csv with its file and line. The audit goes on after each.

export type FaultKind =
  /** The last line of a file has no newline and does not parse: the file was cut short. */
  | 'truncated-line'
  /** A line that is not JSON. */
  | 'invalid-json'
  /** JSON that is not a FHIR resource (no resourceType). */
  | 'not-a-resource'
  /** A resource in a file that the manifest or the file name gives to another type. */
  | 'wrong-type'
  | 'id-missing'
  /** A patient's resource with no usable subject/beneficiary reference: it cannot be grouped by patient. */
  | 'patient-missing'
  /** A second copy of a Type/id; the copy that is kept is named in the message. */
  | 'duplicate-id'
  /** A reference to a resource of a type the export holds, but not this one. */
  | 'reference-unresolved'
  /** A type the audit needs and the export holds no file of: its references are not checked. */
  | 'type-missing'
  /** A file the manifest lists that is not in the export folder, or cannot be read. */
  | 'file-missing'
  | 'manifest-invalid'
  /** The engine threw on one patient's resources (a bug to report); that patient's results are missing. */
  | 'derive-failed';

export interface InputFault {
  kind: FaultKind;
  /** Path relative to the export folder ("" when the fault is about the export as a whole). */
  file: string;
  /** 1-based line number; 0 when the fault is about a whole file. */
  line: number;
  /** "Type/id" the fault is about, when known. */
  resource?: string;
  message: string;
}

/** How many faults of each kind are kept whole for the summary and the report (all of them go to faults.csv). */
export const FAULT_SAMPLES_PER_KIND = 20;

export class FaultLog {
  readonly counts: Partial<Record<FaultKind, number>> = {};
  readonly samples: InputFault[] = [];
  private readonly listeners: Array<(fault: InputFault) => void> = [];

  /** shown: applied to every fault before it is kept or told (the pseudonymizer, with --pseudonymize). */
  constructor(private readonly shown: (fault: InputFault) => InputFault = (f) => f) {}

  onFault(listener: (fault: InputFault) => void): void {
    this.listeners.push(listener);
  }

  add(raw: InputFault): void {
    const fault = this.shown(raw);
    const count = (this.counts[fault.kind] ?? 0) + 1;
    this.counts[fault.kind] = count;
    if (count <= FAULT_SAMPLES_PER_KIND) this.samples.push(fault);
    for (const listener of this.listeners) listener(fault);
  }

  /**
   * Adds faults found elsewhere (another thread) that are already written down: counted and sampled here,
   * without calling the listeners again.
   */
  absorb(counts: Partial<Record<FaultKind, number>>, samples: readonly InputFault[]): void {
    for (const [kind, n] of Object.entries(counts) as [FaultKind, number][]) this.counts[kind] = (this.counts[kind] ?? 0) + n;
    for (const sample of samples) {
      if (this.samples.filter((s) => s.kind === sample.kind).length < FAULT_SAMPLES_PER_KIND) this.samples.push(sample);
    }
  }

  get total(): number {
    let sum = 0;
    for (const n of Object.values(this.counts)) sum += n ?? 0;
    return sum;
  }
}

/**
 * JSON.parse's message without the snippet of the line it quotes (`Unexpected token 'x', "...abc"... is not valid
 * JSON`): a broken line of patient data must not leak into the outputs, pseudonymized or not.
 */
export function parseErrorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/"(?:[^"\\]|\\.)*"(\.\.\.)?/g, '(...)');
}
