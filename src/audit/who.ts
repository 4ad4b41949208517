// Who must fix a finding, by name: the person who gave the drug (MedicationAdministration.performer) and the place
// of the encounter (Encounter.location, else its serviceProvider). Names come from the export's shared resources
// (Practitioner, PractitionerRole, Location, Organization). These are staff and departments, not patients: they
// are not pseudonymized.
import type { Encounter, Location, MedicationAdministration, Organization, Practitioner, PractitionerRole, Reference, Resource } from 'fhir/r4';
import { refKey } from '../billing';
import type { SharedLookup } from './shared-resources';

export interface Party {
  /** Groups the report's tables: the reference, or one of the fixed keys below. */
  key: string;
  /** The reference as the export gives it ("Practitioner/rn-1"); '' when there is none. */
  id: string;
  /** A name to show: the resource's own name, else the reference's display, else '' (the CSV leaves it blank). */
  name: string;
}

/**
 * References to nothing in the export, and missing references, are each one group: one key per unresolvable
 * reference would let the report's tables grow with the number of administrations.
 */
export const NOBODY: Party = { key: 'none', id: '', name: '' };
const NOT_IN_EXPORT = 'not-in-export';

/** Label of a party in the report. */
export function partyLabel(party: { key: string; id: string; name: string }, kind: 'performer' | 'location'): string {
  if (party.key === 'none') return kind === 'performer' ? '(no performer recorded)' : '(no location or service provider recorded)';
  if (party.key === NOT_IN_EXPORT) return `(${kind} not in the export)`;
  return party.name || party.id;
}

/** Resolves and names performers and locations, each reference once per thread. */
export class Directory {
  /** Only references found among the shared resources are kept: their number is that of the staff and sites. */
  private readonly known = new Map<string, Party>();

  constructor(private readonly shared: SharedLookup) {}

  /** The first performer of an administration (the one who gave it; FHIR lists the performers, first is primary). */
  performerOf(ma: MedicationAdministration): Party {
    const actor = ma.performer?.[0]?.actor;
    return actor ? this.party(actor, performerName) : NOBODY;
  }

  /** The encounter's first location, else its service provider. */
  locationOf(encounter: Encounter | undefined): Party {
    const reference = encounter?.location?.[0]?.location ?? encounter?.serviceProvider;
    return reference ? this.party(reference, placeName) : NOBODY;
  }

  private party(reference: Reference, nameOf: (resource: Resource, shared: SharedLookup) => string): Party {
    const key = refKey(reference);
    const display = typeof reference.display === 'string' ? reference.display : '';
    // A name with no reference (a display only) groups by that name: it still says who.
    if (!key) return display ? { key: `display:${display}`, id: '', name: display } : NOBODY;
    const cached = this.known.get(key);
    if (cached) return cached;
    const resource = this.shared.get(key);
    if (!resource) return { key: NOT_IN_EXPORT, id: key, name: display };
    const party = { key, id: key, name: nameOf(resource, this.shared) || display };
    this.known.set(key, party);
    return party;
  }
}

function performerName(resource: Resource, shared: SharedLookup): string {
  if (resource.resourceType === 'Practitioner') return humanName(resource as Practitioner);
  if (resource.resourceType === 'PractitionerRole') {
    const role = resource as PractitionerRole;
    const key = refKey(role.practitioner);
    const practitioner = key ? shared.get(key) : undefined;
    return practitioner?.resourceType === 'Practitioner' ? humanName(practitioner as Practitioner) : role.practitioner?.display ?? '';
  }
  return placeName(resource);
}

function placeName(resource: Resource): string {
  const name = (resource as Location | Organization).name;
  return typeof name === 'string' ? name : '';
}

/** "Sam Nurse" from a Practitioner's first (official, if marked) name. */
function humanName(practitioner: Practitioner): string {
  const names = practitioner.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return '';
  if (typeof name.text === 'string' && name.text.trim()) return name.text.trim();
  return [...(name.given ?? []), name.family ?? ''].filter((part) => typeof part === 'string' && part !== '').join(' ');
}
