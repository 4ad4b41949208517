// The route of an administration, read once for the administration code (section 5) and for telling apart codes
// whose descriptors name a route (docs/billing-rules.md 1.2c: J1571 Hepagam B intramuscular vs J1573 intravenous).
import type { CodeableConcept } from 'fhir/r4';
import { list } from './resources';

export type RouteKind = 'iv' | 'sc' | 'im' | 'intravitreal';

// SNOMED routes (docs/smart-and-stack.md) and the words EHRs use.
const SNOMED_ROUTES: Record<string, RouteKind> = {
  '47625008': 'iv',
  '34206005': 'sc',
  '78421000': 'im',
  '418401004': 'intravitreal',
};

export function routeOf(route: CodeableConcept | undefined): { route?: RouteKind; routeText?: string } {
  if (!route) return {};
  for (const c of list(route.coding)) {
    const kind = typeof c?.code === 'string' ? SNOMED_ROUTES[c.code] : undefined;
    if (kind) return { route: kind };
  }
  const text = [route.text, ...list(route.coding).flatMap((c) => [c?.display, c?.code])].filter((t) => typeof t === 'string' && t).join(' ');
  const lower = text.toLowerCase();
  if (/intravitreal/.test(lower)) return { route: 'intravitreal' };
  if (/intraven|\biv\b|ivpush|ivinfus|ivinj/.test(lower)) return { route: 'iv' };
  if (/subcut|\bsc\b|\bsq\b|\bsubq\b/.test(lower)) return { route: 'sc' };
  if (/intramusc|\bim\b/.test(lower)) return { route: 'im' };
  return { routeText: text || undefined };
}

