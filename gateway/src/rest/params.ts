import { fromRest } from './case.js';
import { parseEntityUrn } from '@dataspoke/hub/urn';

/**
 * Query, path and body parameters of the REST facade, checked before any operation runs: a bad value is a
 * 400 with a code naming what was wrong, never a 500 and never a silently ignored parameter.
 */
export class RestInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RestInputError';
  }
}

export type Query = Record<string, string | string[] | undefined>;

/** Refuses parameters the route does not know, so a typo is an error instead of an ignored filter. */
export function onlyKnownParameters(query: Query, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new RestInputError(
      'UNKNOWN_PARAMETER',
      `unknown query parameter(s) ${unknown.join(', ')}; this route takes ${known.length ? known.join(', ') : 'none'}`,
    );
  }
}

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new RestInputError('INVALID_PARAMETER', `${name} may be given once`);
  return value;
}

/** Repeated or comma-separated values, e.g. platform=snowflake&platform=bigquery or platform=snowflake,bigquery. */
export function list(query: Query, name: string): string[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).map((v) => v.trim());
  if (values.some((v) => v.length === 0))
    throw new RestInputError('INVALID_PARAMETER', `${name} has an empty value`);
  return values;
}

export function datasetUrn(raw: string | undefined): string {
  try {
    const parsed = parseEntityUrn(raw ?? '');
    if (parsed.entityType !== 'dataset') throw new Error(`a ${parsed.entityType} urn, not a dataset urn`);
    return raw!;
  } catch (error) {
    throw new RestInputError(
      'INVALID_URN',
      `not a dataset urn: ${JSON.stringify(raw)} (${error instanceof Error ? error.message : String(error)}); ` +
        'expected urn:li:dataset:(urn:li:dataPlatform:<platform>,<name>,<env>), URL-encoded in the path',
    );
  }
}

function integer(
  query: Query,
  name: string,
  fallback: number,
  min: number,
  max: number,
  code: string,
): number {
  const raw = single(query, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RestInputError(
      code,
      `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

export const MAX_LIMIT = 100;

export function paging(query: Query): { offset: number; limit: number } {
  return {
    offset: integer(query, 'offset', 0, 0, 10_000, 'INVALID_OFFSET'),
    limit: integer(query, 'limit', 20, 1, MAX_LIMIT, 'INVALID_LIMIT'),
  };
}

/** `sort=<field>_<asc|desc>` among the route's sortable fields; the first is the default. */
export function sort(query: Query, sortable: readonly string[]): string {
  const raw = single(query, 'sort');
  if (raw === undefined) return sortable[0]!;
  if (!sortable.includes(raw)) {
    throw new RestInputError(
      'INVALID_SORT',
      `sort must be one of ${sortable.join(', ')}, got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** An ISO-8601 time (a date, or a date-time with Z or an offset) as epoch milliseconds. */
export function time(query: Query, name: string, code = 'INVALID_TIME'): number | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  const millis = ISO_UTC.test(raw) ? Date.parse(raw) : NaN;
  if (!Number.isFinite(millis)) {
    throw new RestInputError(
      code,
      `${name} must be an ISO-8601 time such as 2026-11-25T21:00:00Z, got ${JSON.stringify(raw)}`,
    );
  }
  return millis;
}

export function timeRange(query: Query): { from?: number; to?: number } {
  const from = time(query, 'from', 'INVALID_TIME_RANGE');
  const to = time(query, 'to', 'INVALID_TIME_RANGE');
  if (from !== undefined && to !== undefined && from >= to) {
    throw new RestInputError(
      'INVALID_TIME_RANGE',
      `from (${query.from as string}) must be before to (${query.to as string})`,
    );
  }
  return { ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
}

export function flag(query: Query, name: string): boolean | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  if (raw !== 'true' && raw !== 'false') {
    throw new RestInputError(
      'INVALID_PARAMETER',
      `${name} must be true or false, got ${JSON.stringify(raw)}`,
    );
  }
  return raw === 'true';
}

export function text(
  query: Query,
  name: string,
  options: { required: boolean; max: number },
): string | undefined {
  const raw = single(query, name);
  if (raw === undefined || raw.trim() === '') {
    if (options.required)
      throw new RestInputError('INVALID_QUERY', `${name} is required and must not be empty`);
    return undefined;
  }
  if (raw.length > options.max) {
    throw new RestInputError(
      'INVALID_QUERY',
      `${name} is ${raw.length} characters; at most ${options.max} are accepted`,
    );
  }
  return raw;
}

/** A JSON object body with only the named fields (snake_case), or none. */
export function bodyOf(
  request: { body?: unknown },
  fields: readonly string[],
  example: string,
): Record<string, unknown> {
  const body = request.body;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw new RestInputError('INVALID_BODY', `the body must be a JSON object such as ${example}`);
  const unknown = Object.keys(body).filter((k) => !fields.includes(k));
  if (unknown.length > 0)
    throw new RestInputError(
      'INVALID_BODY',
      `unknown body field(s) ${unknown.join(', ')}; expected ${fields.join(', ')}`,
    );
  return fromRest(body) as Record<string, unknown>;
}

/** A route's answer for a resource that does not exist: 404 with its code. */
export class NotFound {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}
