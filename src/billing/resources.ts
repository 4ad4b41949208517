// The resources of one derive() call, indexed so references resolve the way FHIR servers write them:
// "Type/id", absolute URLs ending in Type/id, bundle fullUrls (urn:uuid:...) and "#id" for contained resources.
import type { Bundle, DomainResource, FhirResource, Reference, Resource } from 'fhir/r4';

/** One type's resources in input order, and their positions in the store by id. */
interface TypeIndex {
  resources: Resource[];
  /** Absent for the odd type whose name holds a "/": its "Type/id" keys are kept literally. */
  ids: Map<string, number> | undefined;
}

export class ResourceStore {
  readonly all: Resource[] = [];
  // Positions in `all`, so that of two resources answering to one key the later wins, as in one Map of keys.
  // Ids are kept per type rather than under a "Type/id" string: building that string for every resource of every
  // call cost more than all the lookups together.
  private readonly types = new Map<string, TypeIndex>();
  /** Bundle fullUrls, and the "Type/id" keys of types whose name holds a "/". */
  private readonly byLiteralKey = new Map<string, number>();

  constructor(input: unknown) {
    if (Array.isArray(input)) {
      for (const item of input) if (isResource(item)) this.add(item, undefined);
    } else if (isResource(input)) {
      if (input.resourceType !== 'Bundle') this.add(input, undefined);
      else {
        const entries = (input as Bundle).entry;
        if (Array.isArray(entries)) {
          for (const e of entries) {
            // Mutation testing: `typeof e !== 'object'` made false, and the fullUrl's type test made true, are equivalent:
            // isResource() refuses what is not an entry, and a fullUrl that is not text can never be looked up.
            if (typeof e !== 'object' || e === null || !isResource(e.resource)) continue;
            this.add(e.resource, typeof e.fullUrl === 'string' ? e.fullUrl : undefined);
          }
        }
      }
    }
  }

  private add(resource: Resource, fullUrl: string | undefined): void {
    const position = this.all.length;
    this.all.push(resource);
    const index = this.indexOf(resource.resourceType);
    index.resources.push(resource);
    // Mutation testing: the per-type id map is a speed-up over the literal "Type/id" keys, which answer the same: so
    // `if (index.ids)` made false, `type.includes('/')` searching '' (below), `if (fullUrl)` made true (an empty or
    // absent key is never looked up) and `?.ids?.get` made `?.ids.get` (a type found by its first segment has no "/")
    // are equivalent; Stryker counted them as timed out under load in its first run.
    if (typeof resource.id === 'string') {
      if (index.ids) index.ids.set(resource.id, position);
      else this.byLiteralKey.set(`${resource.resourceType}/${resource.id}`, position);
    }
    if (fullUrl) this.byLiteralKey.set(fullUrl, position);
  }

  private indexOf(type: string): TypeIndex {
    let index = this.types.get(type);
    if (!index) this.types.set(type, (index = { resources: [], ids: type.includes('/') ? undefined : new Map() }));
    return index;
  }

  ofType<T extends FhirResource>(type: T['resourceType']): T[] {
    return this.indexOf(type).resources as T[];
  }

  /** Resolves a reference; "#id" looks in the container's contained list. */
  resolve<T extends Resource>(ref: Reference | undefined, container?: DomainResource): T | undefined {
    const target = ref?.reference;
    // Mutation testing: dropping `|| !target` is equivalent: an empty reference matches no id, no fullUrl (empty ones
    // are not kept) and no key.
    if (typeof target !== 'string' || !target) return undefined;
    if (target.startsWith('#')) {
      return list(container?.contained).find((c) => c?.id === target.slice(1)) as T | undefined;
    }
    const direct = this.byKey(target);
    if (direct) return direct as T;
    const key = refKey(ref);
    return key ? (this.byKey(key) as T | undefined) : undefined;
  }

  /** The resource whose "Type/id" or fullUrl is `key`: the later one when both exist. */
  private byKey(key: string): Resource | undefined {
    const slash = key.indexOf('/');
    // Mutation testing: `slash < 0` made false or `<= 0` is equivalent for every reference: the type before the "/"
    // would have to be empty, or one letter short of a key that has no "/".
    const asId = slash < 0 ? undefined : this.types.get(key.slice(0, slash))?.ids?.get(key.slice(slash + 1));
    // Mutation testing: the size test is a shortcut (a get on an empty map is undefined): made true or `>= 0`, equivalent.
    const asLiteral = this.byLiteralKey.size > 0 ? this.byLiteralKey.get(key) : undefined;
    const position = asId === undefined ? asLiteral : asLiteral === undefined ? asId : Math.max(asId, asLiteral);
    return position === undefined ? undefined : this.all[position];
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
  // Most references are already "Type/id". Mutation testing: changes to this shortcut (the whole test made false,
  // `slash > 0` made true, `>= 0` or `<= 0`, the "/" or ":" searched as "", the ":" test inverted) are equivalent
  // for references whose type is a resource type (letters only): the pattern below then gives the same key.
  const slash = target.indexOf('/');
  if (slash > 0 && slash === target.lastIndexOf('/') && !target.includes(':')) return target;
  const tail = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/.exec(target);
  return tail?.[1] ?? target;
}

// Mutation testing: `typeof value === 'object'` made true is equivalent: the input is parsed JSON, which holds no
// functions, and null is refused next.
function isResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && typeof (value as Resource).resourceType === 'string';
}

// Read-only, so every absent list can share it rather than allocate its own.
const NONE: readonly never[] = [];

/** Healthcare data arrives malformed: a list element that is not a list reads as empty, never as a crash. */
export function list<T>(value: T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : NONE;
}
