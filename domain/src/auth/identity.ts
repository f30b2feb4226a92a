/**
 * Who is calling. Every GraphQL and REST request carries one; the groups decide which spoke routes, root
 * fields and mutations it may use. `admin` implies every group.
 */
export const GROUPS = ['de', 'da', 'dg', 'admin'] as const;
export type Group = (typeof GROUPS)[number];

export interface Identity {
  /** The API key's name and id, or the JWT's subject. */
  subject: string;
  groups: readonly Group[];
  /** How the caller proved it: an API key, a JWT, or nothing because the server runs with --open. */
  via: 'api_key' | 'jwt' | 'open';
}

/** The identity of every request when the server runs with --open: an anonymous administrator. */
export const OPEN_IDENTITY: Identity = { subject: 'anonymous', groups: ['admin'], via: 'open' };

export function isGroup(value: string): value is Group {
  return (GROUPS as readonly string[]).includes(value);
}

/** Whether the identity may act as `group` (administrators may act as any group). */
export function hasGroup(identity: Identity, group: Group): boolean {
  return identity.groups.includes('admin') || identity.groups.includes(group);
}

/** Why a request was refused: no or bad credentials (401), or credentials without the group (403). */
export class AuthError extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export function requireGroup(identity: Identity | null | undefined, group: Group, what: string): Identity {
  if (!identity)
    throw new AuthError('UNAUTHENTICATED', `${what} needs an identity: send Authorization: Bearer <key>`);
  if (!hasGroup(identity, group)) {
    throw new AuthError(
      'FORBIDDEN',
      `${what} belongs to the ${group} group; ${identity.subject} has ${identity.groups.join(', ') || 'no groups'}`,
    );
  }
  return identity;
}
