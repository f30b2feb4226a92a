import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './http-errors.js';

/**
 * The one normalisation of a request target, run before routing (fastify's `rewriteUrl`), so that the router,
 * authentication and every handler see the same path. Without it, authentication and the router could read
 * one target two ways: `/%67ms/aspects` is `/gms/aspects` to the router.
 *
 * - absolute-form (`http://host/path`, RFC 9112 §3.2.2) becomes origin-form: the host is ours whatever it says;
 * - each path segment is percent-decoded once; `.` and `..` segments are removed (RFC 3986 §5.2.4) and
 *   empty segments (`//`) dropped, a trailing slash kept;
 * - each segment is encoded again so that the router's own single decode yields exactly the decoded segment:
 *   `%2567` stays the text `%67`, never `g`, and an encoded `/` stays inside its segment.
 *
 * The query string is left as sent. A target that cannot be decoded (bad escapes, invalid UTF-8, lone
 * surrogates, a scheme we do not serve) is invalid: the caller answers 400.
 */

export type NormalizedTarget = { ok: true; url: string } | { ok: false; reason: string };

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;
/** RFC 3986 pchar minus `%`: what a segment may hold unencoded. */
const SEGMENT_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;

function encodeSegment(segment: string): string {
  let out = '';
  for (const char of segment) out += SEGMENT_SAFE.test(char) ? char : encodeURIComponent(char);
  return out;
}

export function normalizeRequestTarget(target: string): NormalizedTarget {
  if (target === '*') return { ok: true, url: target };
  let rest = target;
  const absolute = ABSOLUTE_FORM.exec(rest);
  if (absolute) {
    if (!/^https?:/i.test(rest))
      return { ok: false, reason: 'only http and https request targets are served' };
    rest = rest.slice(absolute[0].length) || '/';
  }
  if (!rest.startsWith('/')) return { ok: false, reason: 'the request target must start with "/"' };
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const rawPath = q >= 0 ? rest.slice(0, q) : rest;
  const query = q >= 0 ? rest.slice(q) : '';

  const segments: string[] = [];
  const raw = rawPath.split('/').slice(1);
  for (const [i, piece] of raw.entries()) {
    let segment: string;
    try {
      segment = decodeURIComponent(piece);
    } catch {
      return { ok: false, reason: 'the request path has a malformed percent-encoding or invalid UTF-8' };
    }
    const last = i === raw.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..') segments.pop();
      // `/a/..` and `/a/.` name the folder: keep the trailing slash they imply.
      if (last) segments.push('');
      continue;
    }
    if (segment === '' && !last) continue;
    segments.push(segment);
  }
  let path: string;
  try {
    path = '/' + segments.map(encodeSegment).join('/');
  } catch {
    return { ok: false, reason: 'the request path holds an unpaired surrogate' };
  }
  // A path made only of dropped segments is the root.
  if (path === '//') path = '/';
  return { ok: true, url: path + query };
}

const INVALID_TARGET = Symbol('dataspoke.invalidRequestTarget');
type RawRequest = IncomingMessage & { [INVALID_TARGET]?: string };

/** fastify's `rewriteUrl`: every request is routed, authenticated and handled by its normalised target. */
export function rewriteRequestTarget(raw: IncomingMessage): string {
  const normalized = normalizeRequestTarget(raw.url ?? '/');
  if (normalized.ok) return normalized.url;
  (raw as RawRequest)[INVALID_TARGET] = normalized.reason;
  // Routed to the 404 handler's path, which the first hook turns into a 400 before anything else runs.
  return '/';
}

/** Answers 400 for a target that could not be normalised, before authentication or any handler. */
export function refuseInvalidRequestTargets(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const reason = (request.raw as RawRequest)[INVALID_TARGET];
    if (reason === undefined) return;
    await reply.status(400).send(errorBody('INVALID_REQUEST_TARGET', reason, request.id));
  });
}
