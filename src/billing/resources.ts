// The resources of one derive() call, indexed so references resolve the way FHIR servers write them:
// "Type/id", absolute URLs ending in Type/id, bundle fullUrls (urn:uuid:...) and "#id" for contained resources.
import type { Bundle, DomainResource, FhirResource, Reference, Resource } from 'fhir/r4';

export class ResourceStore {
  private readonly byKey = new Map<string, Resource>();
  readonly all: Resource[] = [];

  constructor(input: unknown) {
    for (const { resource, fullUrl } of entriesOf(input)) {
      this.all.push(resource);
      if (typeof resource.id === 'string') this.byKey.set(`${resource.resourceType}/${resource.id}`, resource);
      if (fullUrl) this.byKey.set(fullUrl, resource);
    }
  }

  private readonly byType = new Map<string, Resource[]>();

  ofType<T extends FhirResource>(type: T['resourceType']): T[] {
    let found = this.byType.get(type);
    if (!found) {
      found = this.all.filter((r) => r.resourceType === type);
      this.byType.set(type, found);
    }
    return found as T[];
  }

  /** Resolves a reference; "#id" looks in the container's contained list. */
  resolve<T extends Resource>(ref: Reference | undefined, container?: DomainResource): T | undefined {
    const target = ref?.reference;
    if (typeof target !== 'string' || !target) return undefined;
    if (target.startsWith('#')) {
      return list(container?.contained).find((c) => c?.id === target.slice(1)) as T | undefined;
    }
    const direct = this.byKey.get(target);
    if (direct) return direct as T;
    const key = refKey(ref);
    return key ? (this.byKey.get(key) as T | undefined) : undefined;
  }
}

/** "Type/id" of a resource, the form findings and lines cite. */
export function refOf(resource: Resource): string {
  return `${resource.resourceType}/${resource.id ?? '(no id)'}`;
}

/** The "Type/id" tail of a reference, whatever form it was written in. */
export function refKey(ref: Reference | undefined): string | undefined {
  const target = ref?.reference;
  if (typeof target !== 'string' || !target) return undefined;
  // Most references are already "Type/id".
  const slash = target.indexOf('/');
  if (slash > 0 && slash === target.lastIndexOf('/') && !target.includes(':')) return target;
  const tail = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/.exec(target);
  return tail?.[1] ?? target;
}

interface Entry {
  resource: Resource;
  fullUrl?: string;
}

function isResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && typeof (value as Resource).resourceType === 'string';
}

function entriesOf(input: unknown): Entry[] {
  if (Array.isArray(input)) return input.filter(isResource).map((resource) => ({ resource }));
  if (!isResource(input)) return [];
  if (input.resourceType !== 'Bundle') return [{ resource: input }];
  const entries = (input as Bundle).entry;
  if (!Array.isArray(entries)) return [];
  const out: Entry[] = [];
  for (const e of entries) {
    if (typeof e !== 'object' || e === null || !isResource(e.resource)) continue;
    out.push({ resource: e.resource, fullUrl: typeof e.fullUrl === 'string' ? e.fullUrl : undefined });
  }
  return out;
}

/** Healthcare data arrives malformed: a list element that is not a list reads as empty, never as a crash. */
export function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}
