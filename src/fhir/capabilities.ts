// What the EHR's CapabilityStatement says it supports. EHRs differ (docs/smart-and-stack.md: Oracle Health offers no
// _include on MedicationAdministration; some refuse app writes of MedicationAdministration), so the app asks
// instead of assuming, and treats a missing or unreadable statement as "unknown": try, and let a 403/405 decide.
import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4';

export type Interaction = 'read' | 'vread' | 'update' | 'patch' | 'delete' | 'history-instance' | 'history-type' | 'create' | 'search-type';

export class Capabilities {
  private readonly resources = new Map<string, CapabilityStatementRestResource>();

  constructor(readonly statement: CapabilityStatement | undefined) {
    const server = statement?.rest?.find((r) => r.mode === 'server') ?? statement?.rest?.[0];
    for (const resource of server?.resource ?? []) this.resources.set(resource.type, resource);
  }

  get known(): boolean {
    return this.resources.size > 0;
  }

  /** `_include` is used only when advertised (e.g. "MedicationAdministration:medication"). */
  supportsInclude(type: string, include: string): boolean {
    return (this.resources.get(type)?.searchInclude ?? []).some((i) => i === include || i === '*');
  }

  /** true / false from the statement; undefined when the statement says nothing (unknown, so try). */
  allows(type: string, interaction: Interaction): boolean | undefined {
    if (!this.known) return undefined;
    const resource = this.resources.get(type);
    if (!resource) return false;
    if (!resource.interaction) return undefined;
    return resource.interaction.some((i) => i.code === interaction);
  }
}
