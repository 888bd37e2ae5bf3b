/**
 * Who may do what. People are viewers, managers or admins, each role holding
 * the one before; tokens are viewers (TVs, kiosks) or `metrics` (Prometheus),
 * which holds nothing else. Admins may read /metrics too.
 */
export const PERSON_ROLES = ['viewer', 'manager', 'admin'] as const;
export const TOKEN_ROLES = ['viewer', 'metrics'] as const;

export type PersonRole = (typeof PERSON_ROLES)[number];
export type TokenRole = (typeof TOKEN_ROLES)[number];
export type Role = PersonRole | TokenRole;

/** What a route needs: `public` is anyone, the others a role that holds it. */
export type Access = 'public' | 'signed-in' | Role;

const HOLDS: Record<Role, readonly Role[]> = {
  viewer: ['viewer'],
  manager: ['viewer', 'manager'],
  admin: ['viewer', 'manager', 'admin', 'metrics'],
  metrics: ['metrics'],
};

export function allows(role: Role | null, access: Access): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  return access === 'signed-in' || HOLDS[role].includes(access);
}

export function isPersonRole(value: string): value is PersonRole {
  return (PERSON_ROLES as readonly string[]).includes(value);
}

export function isTokenRole(value: string): value is TokenRole {
  return (TOKEN_ROLES as readonly string[]).includes(value);
}
