// Search, as the R4 spec has it and @medplum/fhir-router 4.5.2 does not (docs/smart-and-stack.md, "Test servers"):
// bare ids in reference parameters are qualified (`patient=123` -> `patient=Patient/123`, which medplum needs to
// match anything), `_include` is resolved, results are paged with `_count`/`_offset` and self/next/previous links,
// and unknown parameters are ignored (the spec's lenient handling) instead of matching nothing.
import { evalFhirPath, getSearchParameter, getSearchParameters } from '@medplum/core';
import type { FhirRepository } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, BundleLink, Resource } from 'fhir/r4';
import { RequestError } from '../../operation-outcome';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface IncludeSpec {
  sourceType: string;
  param: string;
  targetType?: string;
}

export interface PreparedSearch {
  resourceType: string;
  /** The query medplum will run: qualified, without the parameters the adapter handles. */
  query: URLSearchParams;
  includes: IncludeSpec[];
  count: number;
  offset: number;
  /** The parameters that were ignored, reported in the self link as the spec asks. */
  ignored: string[];
}

export class SearchRejected extends RequestError {
  constructor(status: 400 | 403, message: string) {
    super(status, status === 403 ? 'forbidden' : 'invalid', message);
  }
}

export function prepareSearch(resourceType: string, raw: URLSearchParams): PreparedSearch {
  const params = getSearchParameters(resourceType) ?? {};
  const query = new URLSearchParams();
  const includes: IncludeSpec[] = [];
  const ignored: string[] = [];
  let count = DEFAULT_PAGE_SIZE;
  let offset = 0;
  for (const [key, value] of raw) {
    const [code = '', modifier] = key.split(':', 2);
    if (key === '_count') count = boundedInteger(value, '_count', 0, MAX_PAGE_SIZE);
    else if (key === '_offset') offset = boundedInteger(value, '_offset', 0, Number.MAX_SAFE_INTEGER);
    else if (key === '_include') {
      const include = parseInclude(value);
      if (include) includes.push(include);
      else ignored.push(key);
    } else if (key === '_sort') query.append(key, value);
    // _compartment is medplum's own, computed from meta.compartment, which the memory store never fills.
    else if (!params[code] || code === '_compartment') ignored.push(key);
    else if (params[code]?.type === 'reference') {
      const { key: k, value: v } = qualifyReference(resourceType, code, modifier, value);
      query.append(k, v);
    } else query.append(key, value);
  }
  return { resourceType, query, includes, count, offset, ignored };
}

/**
 * Restricts a search to one patient's compartment: the `patient` parameter is set to them, and a search naming
 * another patient is refused. Types without a `patient` parameter are filtered after the search instead.
 */
export function restrictToPatient(search: PreparedSearch, patientId: string): void {
  const mine = `Patient/${patientId}`;
  if (search.resourceType === 'Patient') {
    const ids = search.query.getAll('_id').flatMap((v) => v.split(','));
    if (ids.some((id) => id !== patientId)) throw new SearchRejected(403, "This token is for another patient's record.");
    search.query.set('_id', patientId);
    return;
  }
  if (!getSearchParameter(search.resourceType, 'patient')) return;
  const named = search.query.getAll('patient').flatMap((v) => v.split(','));
  if (named.some((ref) => ref !== mine)) throw new SearchRejected(403, "This token is for another patient's record.");
  search.query.set('patient', mine);
}

/** medplum matches references only as "Type/id": qualify a bare id by the modifier or the parameter's only target. */
function qualifyReference(resourceType: string, code: string, modifier: string | undefined, value: string): { key: string; value: string } {
  const targets = getSearchParameter(resourceType, code)?.target ?? [];
  const typeModifier = modifier && /^[A-Z]/.test(modifier) ? modifier : undefined;
  const targetType = typeModifier ?? (targets.length === 1 ? targets[0] : undefined);
  const qualified = value
    .split(',')
    .map((v) => (targetType && v && !v.includes('/') ? `${targetType}/${v}` : v))
    .join(',');
  return { key: typeModifier ? code : modifier ? `${code}:${modifier}` : code, value: qualified };
}

function parseInclude(value: string): IncludeSpec | undefined {
  const [sourceType, param, targetType] = value.split(':');
  if (!sourceType || !param || param === '*') return undefined;
  if (getSearchParameter(sourceType, param)?.type !== 'reference') return undefined;
  return { sourceType, param, ...(targetType ? { targetType } : {}) };
}

function boundedInteger(value: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new SearchRejected(400, `${name} must be a whole number (got '${value}').`);
  return Math.min(Math.max(Number(value), min), max);
}

/** The referenced resources `_include` asks for, each once, leaving out those already among the matches. */
export async function resolveIncludes(repo: FhirRepository, matches: Resource[], includes: IncludeSpec[]): Promise<Resource[]> {
  const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id}`));
  const included: Resource[] = [];
  for (const include of includes) {
    const expression = getSearchParameter(include.sourceType, include.param)?.expression;
    if (!expression) continue;
    for (const resource of matches) {
      if (resource.resourceType !== include.sourceType) continue;
      for (const value of evalFhirPath(expression, resource)) {
        const ref = (value as { reference?: unknown } | undefined)?.reference;
        if (typeof ref !== 'string' || seen.has(ref)) continue;
        const [type, id, ...rest] = ref.split('/');
        if (!type || !id || rest.length || (include.targetType && include.targetType !== type)) continue;
        seen.add(ref);
        try {
          included.push((await repo.readResource(type, id)) as Resource);
        } catch {
          // A dangling reference includes nothing; the match itself still stands.
        }
      }
    }
  }
  return included;
}

/** The searchset Bundle as a client sees it: full URLs, search modes and paging links. */
export function searchsetBundle(
  fhirBase: string,
  search: PreparedSearch,
  total: number,
  matches: Resource[],
  included: Resource[],
): Bundle {
  const entry = (resource: Resource, mode: 'match' | 'include'): BundleEntry => ({
    fullUrl: `${fhirBase}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode },
  });
  const link: BundleLink[] = [{ relation: 'self', url: pageUrl(fhirBase, search, search.offset) }];
  if (search.count > 0 && search.offset + search.count < total) {
    link.push({ relation: 'next', url: pageUrl(fhirBase, search, search.offset + search.count) });
  }
  if (search.offset > 0 && search.count > 0) {
    link.push({ relation: 'previous', url: pageUrl(fhirBase, search, Math.max(0, search.offset - search.count)) });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link,
    entry: [...matches.map((r) => entry(r, 'match')), ...included.map((r) => entry(r, 'include'))],
  };
}

function pageUrl(fhirBase: string, search: PreparedSearch, offset: number): string {
  const q = new URLSearchParams(search.query);
  for (const include of search.includes) {
    q.append('_include', [include.sourceType, include.param, include.targetType].filter(Boolean).join(':'));
  }
  q.set('_count', String(search.count));
  q.set('_offset', String(offset));
  return `${fhirBase}/${search.resourceType}?${q.toString()}`;
}

/** The query medplum runs for one page. */
export function medplumSearchUrl(search: PreparedSearch): string {
  const q = new URLSearchParams(search.query);
  q.set('_count', String(search.count));
  q.set('_offset', String(search.offset));
  return `${search.resourceType}?${q.toString()}`;
}
