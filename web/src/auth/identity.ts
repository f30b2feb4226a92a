/**
 * Who the user is, as the gateway's `GET /api/v1/identity` says, and what their groups let them see.
 * The API key lives in sessionStorage: it survives a reload of the tab but not closing it, and is never
 * written anywhere longer-lived.
 */

export type Group = 'de' | 'da' | 'dg' | 'admin';

export interface Identity {
  subject: string;
  groups: string[];
  /** How the gateway authenticated the request: `api_key`, `jwt`, or `open` when it runs without authentication. */
  auth: string;
}

export const KEY_STORAGE = 'dataspoke.apiKey';

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage can be disabled (private modes); the key then lasts as long as the page.
  }
}

/** The gateway's error body, `{error_code, message, trace_id}`. */
export interface ApiError {
  error_code: string;
  message: string;
  trace_id?: string;
}

export type IdentityResult =
  | { kind: 'ok'; identity: Identity }
  | { kind: 'refused'; error: ApiError }
  | { kind: 'failed'; message: string };

/** Asks the gateway who `key` belongs to (no key: whether the gateway runs open). */
export async function fetchIdentity(
  key: string | null,
  fetchImpl: typeof fetch = fetch,
): Promise<IdentityResult> {
  let res: Response;
  try {
    res = await fetchImpl('/api/v1/identity', {
      headers: { accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    });
  } catch (e) {
    return { kind: 'failed', message: `The gateway could not be reached (${(e as Error).message}).` };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok && isIdentity(body)) return { kind: 'ok', identity: body };
  if (res.status === 401 || res.status === 403) {
    return {
      kind: 'refused',
      error: isApiError(body)
        ? body
        : { error_code: res.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', message: res.statusText },
    };
  }
  return {
    kind: 'failed',
    message: isApiError(body)
      ? `${body.error_code}: ${body.message}`
      : `The gateway answered ${res.status} to /api/v1/identity.`,
  };
}

function isIdentity(v: unknown): v is Identity {
  const o = v as Identity | null;
  return !!o && typeof o.subject === 'string' && Array.isArray(o.groups);
}

function isApiError(v: unknown): v is ApiError {
  const o = v as ApiError | null;
  return !!o && typeof o.error_code === 'string' && typeof o.message === 'string';
}

/** admin sees everything; otherwise a spoke is shown to its own group. */
export function canSee(identity: Identity | null, group: Group): boolean {
  if (!identity) return false;
  return identity.groups.includes('admin') || identity.groups.includes(group);
}
