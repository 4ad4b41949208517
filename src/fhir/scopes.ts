// The scopes an access token grants, read from the token response (a server may grant fewer than requested:
// SMART App Launch 2.x, "Scopes"). Both syntaxes are understood: v2 "patient/Claim.crus" and v1
// "patient/Claim.write"; the compartment (patient/user/system) does not matter to what the app may attempt.

export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

const V1: Record<string, Permission[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

export class GrantedScopes {
  private readonly permissions = new Map<string, Set<Permission>>();
  readonly scopes: readonly string[];

  constructor(scope: string) {
    this.scopes = scope.split(/\s+/).filter(Boolean);
    for (const s of this.scopes) {
      // v2 scopes may carry a query ("patient/Observation.rs?category=..."); the server enforces it, so the app
      // treats the resource type as allowed and lets a 403 say otherwise.
      const match = /^(?:patient|user|system)\/([A-Za-z]+|\*)\.([a-z*]+)(?:\?.*)?$/.exec(s);
      if (!match) continue;
      const [, type, perms] = match as unknown as [string, string, string];
      const granted = V1[perms] ?? (/^c?r?u?d?s?$/.test(perms) ? ([...perms] as Permission[]) : []);
      const set = this.permissions.get(type) ?? new Set<Permission>();
      for (const p of granted) set.add(p);
      this.permissions.set(type, set);
    }
  }

  /** False when the token names no resource scopes at all (an EHR that omits `scope`): then nothing is ruled out. */
  get restrictsResources(): boolean {
    return this.permissions.size > 0;
  }

  /** Worth asking the EHR: granted, or the grant does not say. */
  mayAttempt(resourceType: string, permission: Permission): boolean {
    return !this.restrictsResources || this.allows(resourceType, permission);
  }

  has(scope: string): boolean {
    return this.scopes.includes(scope);
  }

  allows(resourceType: string, permission: Permission): boolean {
    return Boolean(this.permissions.get(resourceType)?.has(permission) || this.permissions.get('*')?.has(permission));
  }
}

/** Scopes a standalone launch needs on top of the registration's, so the EHR asks for a patient and encounter. */
export function withStandaloneContext(scope: string): string {
  const list = scope.split(/\s+/).filter(Boolean).filter((s) => s !== 'launch');
  for (const extra of ['launch/patient', 'launch/encounter']) if (!list.includes(extra)) list.push(extra);
  return list.join(' ');
}

/** An EHR launch must echo "launch" among the scopes (SMART App Launch 2.x, "EHR launch"). */
export function withEhrLaunch(scope: string): string {
  const list = scope.split(/\s+/).filter(Boolean);
  if (!list.includes('launch')) list.unshift('launch');
  return list.join(' ');
}
