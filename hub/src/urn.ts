/**
 * DataHub urns: `urn:li:<entityType>:<key>`, where a key is one id or a parenthesised tuple whose parts
 * may themselves be urns, e.g. `urn:li:dataset:(urn:li:dataPlatform:hive,db.table,PROD)`.
 */
export interface ParsedUrn {
  urn: string;
  entityType: string;
  /** Key parts: one for a simple id, several for a tuple key. */
  parts: string[];
}

export class InvalidUrnError extends Error {
  readonly code = 'INVALID_URN';
  constructor(
    readonly urn: string,
    reason: string,
  ) {
    super(`Invalid urn ${JSON.stringify(urn.length > 200 ? urn.slice(0, 200) + '…' : urn)}: ${reason}`);
    this.name = 'InvalidUrnError';
  }
}

const PREFIX = 'urn:li:';
/**
 * The longest text parseUrn reads, whatever the urn: a bound on work, above DataHub's own limit on entity urns
 * (URN_NUM_BYTES_LIMIT), which schemaField urns and the urns aspects merely refer to are not held to.
 */
const MAX_URN_LENGTH = 2048;

/**
 * DataHub's limit on an entity's urn: GMS refuses to write an urn whose URL-encoded form (java.net.URLEncoder,
 * UTF-8) is longer than 512 bytes, except a schemaField's (UrnValidationUtil.URN_NUM_BYTES_LIMIT and
 * validateUrn, run on every upsert, patch and delete).
 */
export const URN_NUM_BYTES_LIMIT = 512;

/** What java.net.URLEncoder leaves as it is; a space becomes `+`, every other UTF-8 byte `%XX`. */
const URL_ENCODER_SAFE = /[A-Za-z0-9.\-*_ ]/;

/** The length of `urn` URL-encoded the way DataHub measures it (java.net.URLEncoder, UTF-8). */
export function urlEncodedLength(urn: string): number {
  let length = 0;
  for (const char of urn) {
    if (URL_ENCODER_SAFE.test(char)) {
      length += 1;
      continue;
    }
    const code = char.codePointAt(0)!;
    length += 3 * (code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4);
  }
  return length;
}

/** Splits a tuple body on top-level commas, honouring nested parentheses. */
function splitTuple(body: string, urn: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth < 0) throw new InvalidUrnError(urn, 'unbalanced parentheses');
    } else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw new InvalidUrnError(urn, 'unbalanced parentheses');
  parts.push(body.slice(start));
  return parts;
}

export function parseUrn(urn: string): ParsedUrn {
  if (typeof urn !== 'string') throw new InvalidUrnError(String(urn), 'not a string');
  if (urn.length > MAX_URN_LENGTH) throw new InvalidUrnError(urn, `longer than ${MAX_URN_LENGTH} characters`);
  if (!urn.startsWith(PREFIX)) throw new InvalidUrnError(urn, `must start with "${PREFIX}"`);
  const rest = urn.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0) throw new InvalidUrnError(urn, 'missing entity type');
  const entityType = rest.slice(0, colon);
  if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(entityType)) throw new InvalidUrnError(urn, 'malformed entity type');
  const key = rest.slice(colon + 1);
  if (key.length === 0) throw new InvalidUrnError(urn, 'empty key');
  if (/[\s]/.test(key) && !key.startsWith('(')) {
    // DataHub tolerates spaces inside tuple keys (dataset names), not around simple ids.
    if (/^\s|\s$/.test(key)) throw new InvalidUrnError(urn, 'key has leading or trailing whitespace');
  }
  let parts: string[];
  if (key.startsWith('(')) {
    if (!key.endsWith(')')) throw new InvalidUrnError(urn, 'tuple key must end with ")"');
    parts = splitTuple(key.slice(1, -1), urn);
    if (parts.some((p) => p.length === 0)) throw new InvalidUrnError(urn, 'empty tuple part');
  } else {
    parts = [key];
  }
  return { urn, entityType, parts };
}

/**
 * Parses the urn of an entity being written or read by its urn, with DataHub's limit on its length
 * (URN_NUM_BYTES_LIMIT): a longer one cannot name an entity, in DataHub or in the hub.
 */
export function parseEntityUrn(urn: string): ParsedUrn {
  const parsed = parseUrn(urn);
  if (parsed.entityType !== 'schemaField') {
    const length = urlEncodedLength(urn);
    if (length > URN_NUM_BYTES_LIMIT) {
      throw new InvalidUrnError(
        urn,
        `it is ${length} bytes URL-encoded; DataHub allows at most ${URN_NUM_BYTES_LIMIT} (schemaField urns excepted)`,
      );
    }
  }
  return parsed;
}

export function isValidUrn(urn: string): boolean {
  try {
    parseUrn(urn);
    return true;
  } catch {
    return false;
  }
}

/** Whether `urn` can name an entity in DataHub (parseEntityUrn accepts it). */
export function isValidEntityUrn(urn: string): boolean {
  try {
    parseEntityUrn(urn);
    return true;
  } catch {
    return false;
  }
}

export function entityTypeOf(urn: string): string {
  return parseUrn(urn).entityType;
}

export function datasetUrn(platform: string, name: string, env = 'PROD'): string {
  return `urn:li:dataset:(urn:li:dataPlatform:${platform},${name},${env})`;
}

/** Platform name of a dataset, chart, dashboard, dataFlow or dataJob urn, when it has one. */
export function platformOf(urn: string): string | undefined {
  const { entityType, parts } = parseUrn(urn);
  const first = entityType === 'dataJob' ? parseUrnSafe(parts[0])?.parts[0] : parts[0];
  if (!first) return undefined;
  if (first.startsWith('urn:li:dataPlatform:')) return first.slice('urn:li:dataPlatform:'.length);
  if (entityType === 'chart' || entityType === 'dashboard' || entityType === 'dataFlow') return first;
  if (entityType === 'dataJob') return first;
  return undefined;
}

function parseUrnSafe(urn: string | undefined): ParsedUrn | undefined {
  if (!urn) return undefined;
  try {
    return parseUrn(urn);
  } catch {
    return undefined;
  }
}

/** The last part of a urn's key, the way DataHub shows an entity that has no name of its own. */
export function urnDisplayId(urn: string): string {
  let parsed: ParsedUrn;
  try {
    parsed = parseUrn(urn);
  } catch {
    return urn;
  }
  const { entityType, parts } = parsed;
  if (entityType === 'dataset') return parts[1] ?? urn;
  return parts[parts.length - 1] ?? urn;
}
