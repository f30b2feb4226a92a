import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { ProposalError } from './ingest-result.js';
import { isReservedKey } from './json-input.js';
import type { JsonObject } from './model.js';

const { applyPatch, unescapePathComponent, JsonPatchError } = fastJsonPatch;

/**
 * DataHub's PATCH: RFC 6902 JSON Patch over an aspect in which some arrays are addressed as maps keyed by
 * a field of their items (`/tags/urn:li:tag:pii`, `/owners/<owner>/<type>`, `/upstreams/<dataset urn>`), so
 * a client adds or removes one tag, owner or upstream without reading the aspect first and without
 * overwriting what others wrote. Like GMS's patch templates, the keyed arrays become maps, the patch applies
 * (missing intermediate objects are created for `add`), and the maps turn back into arrays.
 */

/** Where a keyed array sits and how its items are keyed. `key: []` keys an array of strings by the string. */
interface KeyedArray {
  path: readonly string[];
  key: readonly string[];
  /** Keyed arrays inside each item. */
  nested?: readonly KeyedArray[];
}

const TAGS: KeyedArray = { path: ['globalTags', 'tags'], key: ['tag'] };
const TERMS: KeyedArray = { path: ['glossaryTerms', 'terms'], key: ['urn'] };
const EDGES = (field: string): KeyedArray => ({ path: [field], key: ['destinationUrn'] });
const URNS = (field: string): KeyedArray => ({ path: [field], key: [] });

const KEYED_ARRAYS: Readonly<Record<string, readonly KeyedArray[]>> = {
  globalTags: [{ path: ['tags'], key: ['tag'] }],
  glossaryTerms: [{ path: ['terms'], key: ['urn'] }],
  ownership: [{ path: ['owners'], key: ['owner', 'type'] }],
  upstreamLineage: [{ path: ['upstreams'], key: ['dataset'] }],
  editableSchemaMetadata: [{ path: ['editableSchemaFieldInfo'], key: ['fieldPath'], nested: [TAGS, TERMS] }],
  schemaMetadata: [{ path: ['fields'], key: ['fieldPath'], nested: [TAGS, TERMS] }],
  structuredProperties: [{ path: ['properties'], key: ['propertyUrn'] }],
  institutionalMemory: [{ path: ['elements'], key: ['url'] }],
  domains: [URNS('domains')],
  dataJobInputOutput: [
    EDGES('inputDatasetEdges'),
    EDGES('outputDatasetEdges'),
    EDGES('inputDatajobEdges'),
    URNS('inputDatasets'),
    URNS('outputDatasets'),
    URNS('inputDatajobs'),
  ],
  chartInfo: [EDGES('inputEdges')],
  dashboardInfo: [EDGES('chartEdges'), EDGES('datasetEdges'), URNS('charts'), URNS('datasets')],
  dataProductProperties: [EDGES('assets')],
};

/** Starting value when the aspect does not exist yet, so that keyed adds have somewhere to go. */
const TEMPLATES: Readonly<Record<string, () => JsonObject>> = {
  globalTags: () => ({ tags: [] }),
  glossaryTerms: () => ({ terms: [], auditStamp: { time: 0, actor: 'urn:li:corpuser:__datahub_system' } }),
  ownership: () => ({ owners: [], lastModified: { time: 0, actor: 'urn:li:corpuser:__datahub_system' } }),
  upstreamLineage: () => ({ upstreams: [] }),
  editableSchemaMetadata: () => ({ editableSchemaFieldInfo: [] }),
  datasetProperties: () => ({ customProperties: {} }),
  structuredProperties: () => ({ properties: [] }),
  institutionalMemory: () => ({ elements: [] }),
  domains: () => ({ domains: [] }),
  dataJobInputOutput: () => ({ inputDatasets: [], outputDatasets: [] }),
};

export interface PatchDocument {
  operations: Operation[];
  /** Generic form of newer SDKs: extra keyed arrays by dotted path, e.g. {"properties": ["propertyUrn"]}. */
  arrayPrimaryKeys?: Record<string, string[]>;
}

/** Reads a PATCH aspect: a bare operation array, or DataHub's generic `{patch, arrayPrimaryKeys}` form. */
export function readPatchDocument(aspect: unknown): PatchDocument {
  const operations = Array.isArray(aspect) ? aspect : isObject(aspect) ? aspect.patch : undefined;
  if (!Array.isArray(operations)) {
    throw new ProposalError(
      'PATCH_FAILED',
      'a PATCH aspect must be a JSON Patch operation array or {"patch": [...]}',
    );
  }
  operations.forEach((op, i) => {
    if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw new ProposalError('PATCH_FAILED', `patch operation ${i} must be an object with "op" and "path"`);
    }
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op)) {
      throw new ProposalError('PATCH_FAILED', `patch operation ${i} has unknown op "${op.op}"`);
    }
    refuseReservedSegments(op.path.split('/').map(unescapePathComponent), `patch operation ${i} path`);
    if (typeof op.from === 'string') {
      refuseReservedSegments(op.from.split('/').map(unescapePathComponent), `patch operation ${i} from`);
    }
  });
  return { operations: operations as Operation[], arrayPrimaryKeys: readArrayPrimaryKeys(aspect) };
}

/** `arrayPrimaryKeys`: dotted paths to lists of key fields (nested key fields joined by U+241F). */
function readArrayPrimaryKeys(aspect: unknown): Record<string, string[]> | undefined {
  if (!isObject(aspect) || aspect.arrayPrimaryKeys === undefined || aspect.arrayPrimaryKeys === null) {
    return undefined;
  }
  const raw = aspect.arrayPrimaryKeys;
  if (!isObject(raw)) {
    throw new ProposalError('PATCH_FAILED', '"arrayPrimaryKeys" must be an object of path → key field list');
  }
  const keys: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [dotted, fields] of Object.entries(raw)) {
    if (!Array.isArray(fields) || !fields.every((f): f is string => typeof f === 'string')) {
      throw new ProposalError('PATCH_FAILED', `arrayPrimaryKeys["${dotted}"] must be a list of field names`);
    }
    refuseReservedSegments(dotted.split(/[./]/), `arrayPrimaryKeys path "${dotted}"`);
    for (const field of fields) {
      refuseReservedSegments(field.split(KEY_PATH_SEPARATOR), `arrayPrimaryKeys["${dotted}"] key field`);
    }
    keys[dotted] = fields;
  }
  return keys;
}

/**
 * Paths walk and create objects (keyed maps, GMS's missing intermediates); a segment naming a prototype
 * would reach the shared object prototype, so such a patch is refused before anything is applied.
 */
function refuseReservedSegments(segments: readonly string[], what: string): void {
  const reserved = segments.find(isReservedKey);
  if (reserved !== undefined) {
    throw new ProposalError(
      'RESERVED_KEY',
      `${what} uses the reserved name "${reserved}"; __proto__, constructor and prototype are not accepted`,
    );
  }
}

/** Applies a DataHub PATCH to the current aspect value (undefined when it does not exist yet). */
export function applyAspectPatch(
  aspectName: string,
  current: JsonObject | undefined,
  patch: PatchDocument,
): JsonObject {
  const specs = [...(KEYED_ARRAYS[aspectName] ?? [])];
  // The client's own keys win: SDK 1.7 keys tags by [attribution␟source, tag], owners by four fields.
  for (const [dotted, key] of Object.entries(patch.arrayPrimaryKeys ?? {})) {
    const path = dotted.split(/[./]/).filter(Boolean);
    const at = specs.findIndex((s) => s.path.join('/') === path.join('/'));
    if (at >= 0) specs[at] = { ...specs[at]!, key };
    else specs.push({ path, key });
  }
  const base = structuredClone(current ?? TEMPLATES[aspectName]?.() ?? {});
  const document = specs.reduce<JsonObject>((doc, spec) => arraysToMaps(doc, spec), base);
  for (const op of patch.operations) {
    if (op.op === 'add') createIntermediates(document, op.path);
  }
  let patched: JsonObject;
  try {
    patched = applyPatch(document, patch.operations, true, true, true).newDocument;
  } catch (error) {
    const detail =
      error instanceof JsonPatchError ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
    throw new ProposalError('PATCH_FAILED', `patch does not apply to ${aspectName}: ${detail}`);
  }
  if (!isObject(patched))
    throw new ProposalError('PATCH_FAILED', `patch replaced ${aspectName} with a non-object`);
  return specs.reduce<JsonObject>((doc, spec) => mapsToArrays(doc, spec), patched);
}

function arraysToMaps(doc: JsonObject, spec: KeyedArray): JsonObject {
  const parent = walk(doc, spec.path.slice(0, -1));
  const field = spec.path[spec.path.length - 1]!;
  if (!parent || !Array.isArray(parent[field])) return doc;
  parent[field] = toMap(parent[field] as unknown[], spec);
  return doc;
}

/** A map keyed by values from the data: no prototype, so no item value can name one. */
function keyedMap(): JsonObject {
  return Object.create(null) as JsonObject;
}

function toMap(items: unknown[], spec: KeyedArray): JsonObject {
  const map = keyedMap();
  for (const item of items) {
    if (spec.key.length === 0) {
      map[String(item)] = item;
      continue;
    }
    if (!isObject(item)) continue;
    const withNested = spec.nested
      ? spec.nested.reduce<JsonObject>((it, n) => arraysToMaps(it, n), item)
      : item;
    let level = map;
    spec.key.forEach((k, depth) => {
      const keyValue = readKeyField(withNested, k);
      if (depth === spec.key.length - 1) level[keyValue] = withNested;
      else level = (level[keyValue] ??= keyedMap()) as JsonObject;
    });
  }
  return map;
}

function mapsToArrays(doc: JsonObject, spec: KeyedArray): JsonObject {
  const parent = walk(doc, spec.path.slice(0, -1));
  const field = spec.path[spec.path.length - 1]!;
  if (!parent || !isObject(parent[field])) return doc;
  parent[field] = fromMap(parent[field], spec, 0, []);
  return doc;
}

function fromMap(map: JsonObject, spec: KeyedArray, depth: number, keyValues: string[]): unknown[] {
  const out: unknown[] = [];
  for (const [k, value] of Object.entries(map)) {
    if (spec.key.length === 0) {
      out.push(value);
    } else if (depth < spec.key.length - 1) {
      if (isObject(value)) out.push(...fromMap(value, spec, depth + 1, [...keyValues, k]));
    } else if (isObject(value)) {
      // Items created through a keyed path (e.g. a field's first tag) get their key fields from the path.
      const item: JsonObject = { ...value };
      spec.key.forEach((keyField, i) => {
        const keyValue = i < keyValues.length ? keyValues[i] : k;
        // Empty segments stand for absent key fields; nested key fields (a␟b) are never invented.
        if (item[keyField] === undefined && keyValue !== '' && !keyField.includes(KEY_PATH_SEPARATOR)) {
          item[keyField] = keyValue;
        }
      });
      out.push(spec.nested ? spec.nested.reduce<JsonObject>((it, n) => mapsToArrays(it, n), item) : item);
    }
  }
  return out;
}

/** GMS creates missing intermediate objects for `add` (TemplateUtil.populateTopLevelKeys); so do we. */
function createIntermediates(doc: JsonObject, pointer: string): void {
  const segments = pointer.split('/').slice(1, -1).map(unescapePathComponent);
  let node: unknown = doc;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      node = node[Number(segment)];
      continue;
    }
    if (!isObject(node)) return;
    if (!Object.hasOwn(node, segment)) node[segment] = {};
    node = node[segment];
  }
}

/** DataHub separates the parts of a nested key field with U+241F, e.g. `attribution␟source`. */
const KEY_PATH_SEPARATOR = '\u241f';

/** An item's value for a key field, '' when absent (DataHub's patch paths then have an empty segment). */
function readKeyField(item: JsonObject, keyField: string): string {
  let node: unknown = item;
  for (const part of keyField.split(KEY_PATH_SEPARATOR)) {
    if (!isObject(node)) return '';
    node = node[part];
  }
  if (node === undefined || node === null) return '';
  return typeof node === 'string' ? node : JSON.stringify(node);
}

function walk(doc: JsonObject, path: readonly string[]): JsonObject | undefined {
  let node: unknown = doc;
  for (const segment of path) {
    if (!isObject(node)) return undefined;
    node = node[segment];
  }
  return isObject(node) ? node : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
