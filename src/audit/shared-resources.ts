// Resources many patients point at (Medication, Organization, Practitioner, ...), kept in memory for the whole
// audit. Their number grows with the formulary and the staff, not with the number of administrations.
import type { Resource } from 'fhir/r4';
import { keepsOver, lastUpdatedOf, type CopyOrigin } from './duplicates';
import type { FaultLog } from './faults';

/** What an audit of one patient needs of the shared resources. */
export interface SharedLookup {
  get(ref: string): Resource | undefined;
  has(ref: string): boolean;
}

/** The shared resources as a plain map, as a worker thread receives them. */
export class SharedMap implements SharedLookup {
  private readonly byRef: Map<string, Resource>;

  constructor(entries: Iterable<[string, Resource]>) {
    this.byRef = new Map(entries);
  }

  get(ref: string): Resource | undefined {
    return this.byRef.get(ref);
  }

  has(ref: string): boolean {
    return this.byRef.has(ref);
  }
}

interface SharedEntry extends CopyOrigin {
  resource: Resource;
  /** The line as read, so a split export can copy it unchanged. */
  text: string;
}

export class SharedResources implements SharedLookup {
  private readonly byRef = new Map<string, SharedEntry>();

  constructor(
    private readonly faults: FaultLog,
    private readonly fileName: (file: number) => string,
  ) {}

  add(resource: Resource & { id: string }, text: string, file: number, line: number): void {
    const ref = `${resource.resourceType}/${resource.id}`;
    const entry: SharedEntry = { resource, text, file, line, lastUpdated: lastUpdatedOf(resource) };
    const existing = this.byRef.get(ref);
    if (!existing) {
      this.byRef.set(ref, entry);
      return;
    }
    const [kept, dropped] = keepsOver(entry, existing) ? [entry, existing] : [existing, entry];
    this.byRef.set(ref, kept);
    this.faults.add({
      kind: 'duplicate-id',
      file: this.fileName(dropped.file),
      line: dropped.line,
      resource: ref,
      message: `${ref} appears again; the copy at ${this.fileName(kept.file)}:${kept.line} is kept`,
    });
  }

  get(ref: string): Resource | undefined {
    return this.byRef.get(ref)?.resource;
  }

  has(ref: string): boolean {
    return this.byRef.has(ref);
  }

  /** The kept resources, to hand to worker threads. */
  entries(): [string, Resource][] {
    return [...this.byRef].map(([ref, entry]) => [ref, entry.resource]);
  }

  /** Every kept resource's original line, by type, for writing a split export. */
  linesByType(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const entry of this.byRef.values()) {
      const list = out.get(entry.resource.resourceType);
      if (list) list.push(entry.text);
      else out.set(entry.resource.resourceType, [entry.text]);
    }
    return out;
  }
}
