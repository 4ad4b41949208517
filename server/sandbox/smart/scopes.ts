// SMART resource scopes: v2 `patient/MedicationAdministration.crus` and v1 `patient/Claim.write`.
// Source: SMART App Launch 2.x, "Scopes and Launch Context" (permissions c r u d s, in that order; v1 read/write).
// Granular v2 scopes with a query (`patient/Observation.rs?category=...`) are not understood here and never granted.

export type Permission = 'c' | 'r' | 'u' | 'd' | 's';
export type ScopeContext = 'patient' | 'user' | 'system';

export interface ResourceScope {
  context: ScopeContext;
  /** A resource type or '*'. */
  resourceType: string;
  permissions: ReadonlySet<Permission>;
}

const V2 = /^(patient|user|system)\/([A-Z][A-Za-z]+|\*)\.(c?r?u?d?s?)$/;
const V1 = /^(patient|user|system)\/([A-Z][A-Za-z]+|\*)\.(read|write|\*)$/;
const V1_PERMISSIONS: Record<string, Permission[]> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': ['c', 'r', 'u', 'd', 's'] };

export function parseResourceScope(scope: string): ResourceScope | undefined {
  const v2 = V2.exec(scope);
  if (v2 && v2[3]) {
    return { context: v2[1] as ScopeContext, resourceType: v2[2]!, permissions: new Set(v2[3].split('') as Permission[]) };
  }
  const v1 = V1.exec(scope);
  if (v1) return { context: v1[1] as ScopeContext, resourceType: v1[2]!, permissions: new Set(V1_PERMISSIONS[v1[3]!]) };
  return undefined;
}

/** Scopes that carry no resource access but that the sandbox grants when asked. */
const OTHER_SCOPES = new Set(['launch', 'launch/patient', 'launch/encounter', 'openid', 'fhirUser', 'profile', 'online_access', 'offline_access']);

/** What the sandbox grants of a request: every scope it understands, none it does not (SMART: "may grant fewer"). */
export function grantableScopes(requested: string): string[] {
  const scopes = requested.split(/\s+/).filter(Boolean);
  return [...new Set(scopes.filter((s) => OTHER_SCOPES.has(s) || (parseResourceScope(s) && !s.startsWith('system/'))))];
}

/**
 * How a token may perform one interaction on one resource type: 'any' (a user/ scope), 'patient' (a patient/
 * scope: only the context patient's data), or 'denied'. patient/ scopes grant nothing without a patient context.
 */
export function accessFor(scopes: readonly string[], resourceType: string, permission: Permission, hasPatient: boolean): 'any' | 'patient' | 'denied' {
  let access: 'any' | 'patient' | 'denied' = 'denied';
  for (const raw of scopes) {
    const scope = parseResourceScope(raw);
    if (!scope || !scope.permissions.has(permission)) continue;
    if (scope.resourceType !== '*' && scope.resourceType !== resourceType) continue;
    if (scope.context === 'user') return 'any';
    if (scope.context === 'patient' && hasPatient) access = 'patient';
  }
  return access;
}
