import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { entityTypeForSnapshot, TIMESERIES_ASPECTS } from '../aspect-registry.js';
import { pegasusName } from '../formats/record-names.js';

/**
 * Random and mutated requests for property-based fuzzing of the GMS routes (gms-http.ts), generated from
 * DataHub's own Avro schemas (the MetadataChangeEvent schema holds every snapshot and its aspect records):
 * proposals (UPSERT, PATCH, batches, MCE snapshots) whose aspect values follow an aspect's schema and are
 * then sometimes broken at one leaf (NUL bytes, unpaired surrogates, huge or fractional numbers, reserved
 * keys, deep nesting, wrong types), reads with random urns and versions, timeseries queries with random
 * numbers, and raw bodies that are not JSON at all. Used by gms-fuzz.test.ts (bounded) and bench/fuzz-gms.ts.
 */

export interface GmsFuzzRequest {
  method: 'GET' | 'POST';
  /** Under the routes' mount point, e.g. `/aspects?action=ingestProposal`. */
  url: string;
  payload?: string;
  contentType?: string;
}

type AvroType = string | AvroType[] | { type: string; [key: string]: unknown };
interface AvroField {
  name: string;
  type: AvroType;
}

export interface AspectModel {
  entityType: string;
  aspectName: string;
  /** Avro full name of the aspect record, e.g. `com.linkedin.pegasus2avro.common.Status`. */
  recordName: string;
}

export interface GmsFuzzModel {
  aspects: AspectModel[];
  named: Map<string, AvroType>;
}

/** Reads the aspect records of every snapshot in DataHub's MetadataChangeEvent Avro schema. */
export function loadGmsFuzzModel(mceSchemaFile: string): GmsFuzzModel {
  const root = JSON.parse(readFileSync(mceSchemaFile, 'utf8')) as AvroType;
  const named = new Map<string, AvroType>();
  const aspects: AspectModel[] = [];
  const addAspect = (type: { [key: string]: unknown }, full: string, snapshot: string | undefined): void => {
    const aspect = type.Aspect as { name?: string } | undefined;
    const entityType = snapshot ? entityTypeForSnapshot(snapshot) : undefined;
    if (entityType && aspect?.name) aspects.push({ entityType, aspectName: aspect.name, recordName: full });
  };
  const visit = (type: AvroType, namespace: string, snapshot?: string): void => {
    if (typeof type === 'string') {
      // A record defined under an earlier snapshot and named again here (ownership, status, …).
      const known = named.get(type);
      if (snapshot && known && typeof known === 'object' && !Array.isArray(known)) {
        addAspect(known, type.includes('.') ? type : resolvedName(known), snapshot);
      }
      return;
    }
    if (Array.isArray(type)) {
      for (const t of type) visit(t, namespace, snapshot);
      return;
    }
    const name = typeof type.name === 'string' ? type.name : undefined;
    const ns = typeof type.namespace === 'string' ? type.namespace : namespace;
    if (name && ['record', 'enum', 'fixed'].includes(type.type)) {
      const full = name.includes('.') ? name : `${ns}.${name}`;
      named.set(full, type);
      if (!named.has(name)) named.set(name, type);
      addAspect(type, full, snapshot);
    }
    if (type.type === 'record') {
      const isSnapshot = name?.endsWith('Snapshot') ?? false;
      for (const field of type.fields as AvroField[]) {
        visit(field.type, ns, isSnapshot ? name : snapshot);
      }
    } else if (type.type === 'array') visit(type.items as AvroType, ns, snapshot);
    else if (type.type === 'map') visit(type.values as AvroType, ns, snapshot);
  };
  visit(root, '');
  const seen = new Set<string>();
  return {
    named,
    aspects: aspects.filter((a) => {
      const key = `${a.entityType}/${a.aspectName}`;
      return !seen.has(key) && seen.add(key);
    }),
  };
}

/** Values that have broken the hub before, or could: each replaces one leaf of a well-formed value. */
const HOSTILE: readonly unknown[] = [
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '',
  'x'.repeat(5_000),
  1e300,
  -1e300,
  1.5,
  -1,
  2 ** 63,
  0,
  null,
  true,
  [],
  {},
  'urn:li:dataset:(urn:li:dataPlatform:hive,\u0000,PROD)',
  '__proto__',
];

/** Urns of each entity type: some well-formed, some not. */
function urnArbitrary(entityType: string): fc.Arbitrary<string> {
  const name = fc.oneof(
    fc.constantFrom('orders', 'customers', 'db.table', 'a,b', 'x y'),
    fc.string({ maxLength: 12 }),
  );
  const wellFormed =
    entityType === 'dataset'
      ? name.map((n) => `urn:li:dataset:(urn:li:dataPlatform:hive,fuzz.${n},PROD)`)
      : name.map((n) => `urn:li:${entityType}:fuzz_${n}`);
  return fc.oneof(
    { weight: 6, arbitrary: wellFormed },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'orders',
        'urn:li:',
        `urn:li:${entityType}:`,
        `urn:li:${entityType}:a\u0000b`,
        `urn:li:${entityType}:\ud800`,
        'urn:li:dataset:(urn:li:dataPlatform:hive,unbalanced',
        `urn:li:${entityType}:${'z'.repeat(3_000)}`,
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
}

const MAX_VALUE_DEPTH = 6;

/** Pegasus JSON for an Avro type (unions unwrapped, records of a multi-record union keyed by name). */
function valueArbitrary(model: GmsFuzzModel, type: AvroType, depth: number): fc.Arbitrary<unknown> {
  if (typeof type === 'string') {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'int':
        return fc.integer();
      case 'long':
        return fc.oneof(fc.maxSafeInteger(), fc.constant(1_700_000_000_000));
      case 'float':
      case 'double':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'string':
      case 'bytes':
        return fc.oneof(
          fc.string({ maxLength: 16 }),
          fc.constantFrom('urn:li:tag:pii', 'urn:li:corpuser:alice'),
        );
      default: {
        const resolved = model.named.get(type);
        return resolved ? valueArbitrary(model, resolved, depth) : fc.constant(null);
      }
    }
  }
  if (Array.isArray(type)) {
    const branches = type.filter((t) => t !== 'null');
    if (branches.length === 0) return fc.constant(null);
    if (branches.length === 1) return valueArbitrary(model, branches[0]!, depth);
    return fc.oneof(
      ...branches.map((branch) => {
        const resolved = typeof branch === 'string' ? model.named.get(branch) : branch;
        const name =
          typeof resolved === 'object' && !Array.isArray(resolved) && typeof resolved.name === 'string'
            ? resolvedName(resolved)
            : undefined;
        const value = valueArbitrary(model, branch, depth);
        return name ? value.map((v) => ({ [pegasusName(name)]: v })) : value;
      }),
    );
  }
  switch (type.type) {
    case 'record': {
      if (depth >= MAX_VALUE_DEPTH) return fc.constant({});
      const fields = type.fields as AvroField[];
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const field of fields) {
        shape[field.name] = fc.constant(null).chain(() => valueArbitrary(model, field.type, depth + 1));
        const optional = Array.isArray(field.type) && field.type.includes('null');
        if (!optional) required.push(field.name);
      }
      return fc.record(shape, { requiredKeys: required });
    }
    case 'enum':
      return fc.constantFrom(...(type.symbols as string[]));
    case 'array':
      return fc.array(
        fc.constant(null).chain(() => valueArbitrary(model, type.items as AvroType, depth + 1)),
        { maxLength: depth >= MAX_VALUE_DEPTH - 2 ? 0 : 3 },
      );
    case 'map':
      return fc.dictionary(
        fc.string({ maxLength: 8 }),
        fc.constant(null).chain(() => valueArbitrary(model, type.values as AvroType, depth + 1)),
        { maxKeys: 3 },
      );
    case 'fixed':
      return fc.string({ minLength: 1, maxLength: 4 });
    default:
      return valueArbitrary(model, type.type, depth);
  }
}

function resolvedName(type: { [key: string]: unknown }): string {
  const name = String(type.name);
  return name.includes('.') || typeof type.namespace !== 'string' ? name : `${type.namespace}.${name}`;
}

/** Replaces the n-th leaf (in walk order) of a value with a hostile one; 0 leaves means the whole value. */
function breakLeaf(value: unknown, n: number, hostile: unknown): unknown {
  let remaining = n;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return remaining-- === 0 ? hostile : node;
  };
  const broken = walk(value);
  return remaining >= 0 ? hostile : broken;
}

/** JSON text with text-level damage: a reserved key, deep nesting, truncation. */
function damageText(text: string, how: number): string {
  switch (how) {
    case 0:
      return text.replace('{', '{"__proto__":{"limit":1},');
    case 1:
      return text.replace('{', '{"constructor":{"prototype":{"x":1}},');
    case 2:
      return `${'['.repeat(5_000)}${text}${']'.repeat(5_000)}`;
    case 3:
      return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    default:
      return text;
  }
}

const numberish = fc.oneof(
  fc.integer({ min: -5, max: 20_000 }),
  fc.constantFrom(1e20, 1e300, -1e300, 1.5, 0, -1, 2 ** 53, '10', 'ten', '', null, [], {}),
  fc.double(),
);

function aspectValueArbitrary(model: GmsFuzzModel, aspect: AspectModel): fc.Arbitrary<unknown> {
  const valid = valueArbitrary(model, aspect.recordName, 0);
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    {
      weight: 3,
      arbitrary: fc
        .tuple(valid, fc.nat({ max: 40 }), fc.constantFrom(...HOSTILE))
        .map(([value, n, hostile]) => breakLeaf(value, n, hostile)),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

const timeseriesAspectNames = [...TIMESERIES_ASPECTS];

function timeseriesEventArbitrary(): fc.Arbitrary<unknown> {
  return fc.record(
    {
      timestampMillis: fc.oneof(fc.constant(1_700_000_000_000), numberish),
      rowCount: numberish,
      columnCount: numberish,
      eventGranularity: fc.constantFrom({ unit: 'DAY', multiple: 1 }, { unit: 'NOPE' }, 'x'),
      partitionSpec: fc.constantFrom(
        { partition: 'FULL_TABLE_SNAPSHOT', type: 'FULL_TABLE' },
        { partition: 7 },
      ),
      operationType: fc.constantFrom('INSERT', 'DROP', 'x\u0000'),
      lastUpdatedTimestamp: numberish,
    },
    { requiredKeys: [] },
  );
}

function patchArbitrary(): fc.Arbitrary<unknown> {
  const segment = fc.oneof(
    fc.constantFrom(
      'tags',
      'owners',
      'customProperties',
      'upstreams',
      'fields',
      'terms',
      'description',
      'name',
    ),
    fc.constantFrom('__proto__', 'constructor', 'prototype', '-', '0', '', '~1', 'urn:li:tag:pii'),
    fc.string({ maxLength: 6 }),
  );
  const path = fc.array(segment, { maxLength: 4 }).map((s) => `/${s.join('/')}`);
  const op = fc.record(
    {
      op: fc.constantFrom('add', 'remove', 'replace', 'copy', 'move', 'test', 'explode'),
      path: fc.oneof(path, fc.constantFrom('', 'no-slash', 5)),
      from: path,
      value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...HOSTILE)),
    },
    { requiredKeys: ['op', 'path'] },
  );
  return fc.oneof(
    fc.array(op, { maxLength: 4 }),
    fc.record({
      patch: fc.array(op, { maxLength: 3 }),
      arrayPrimaryKeys: fc.oneof(
        fc.dictionary(segment, fc.array(segment, { maxLength: 2 }), { maxKeys: 2 }),
        fc.constantFrom(null, 'x', { tags: 'tag' }, { tags: [1] }),
      ),
    }),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

function proposalArbitrary(model: GmsFuzzModel): fc.Arbitrary<Record<string, unknown>> {
  const versioned = fc.constantFrom(...model.aspects).chain((aspect) =>
    fc.record({
      aspect: fc.constant(aspect),
      urn: urnArbitrary(aspect.entityType),
      changeType: fc.constantFrom(
        'UPSERT',
        'UPSERT',
        'UPSERT',
        'CREATE',
        'CREATE_ENTITY',
        'DELETE',
        'PATCH',
        'BOGUS',
      ),
      value: aspectValueArbitrary(model, aspect),
      patch: patchArbitrary(),
    }),
  );
  const timeseries = fc.record({
    aspect: fc.constantFrom(...timeseriesAspectNames).map((aspectName) => ({
      entityType: 'dataset',
      aspectName,
      recordName: '',
    })),
    urn: urnArbitrary('dataset'),
    changeType: fc.constantFrom('UPSERT', 'UPSERT', 'DELETE', 'PATCH'),
    value: timeseriesEventArbitrary(),
    patch: patchArbitrary(),
  });
  return fc
    .tuple(
      fc.oneof({ weight: 4, arbitrary: versioned }, { weight: 1, arbitrary: timeseries }),
      fc.nat({ max: 12 }),
    )
    .map(([{ aspect, urn, changeType, value, patch }, damage]) => {
      const isPatch = changeType === 'PATCH';
      const text = damageText(JSON.stringify(isPatch ? patch : value) ?? 'null', damage);
      return {
        entityType: damage === 11 ? 'noSuchType' : aspect.entityType,
        entityUrn: urn,
        changeType,
        aspectName: damage === 12 ? 'noSuchAspect' : aspect.aspectName,
        aspect:
          damage === 10
            ? { json: value }
            : {
                value: text,
                contentType: isPatch ? 'application/json-patch+json' : 'application/json',
              },
        systemMetadata: damage === 9 ? 'x' : { lastObserved: 1_700_000_000_000, runId: 'fuzz' },
      };
    });
}

/**
 * encodeURIComponent, except that an unpaired surrogate (which it refuses) is sent as its WTF-8 bytes, as a
 * hostile client would.
 */
function encodeAny(text: string): string {
  return text.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|[^\ud800-\udfff]+/g, (part) => {
    if (part.length !== 1 || part.charCodeAt(0) < 0xd800 || part.charCodeAt(0) > 0xdfff) {
      return encodeURIComponent(part);
    }
    const c = part.charCodeAt(0);
    return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
      .map((b) => `%${b.toString(16).toUpperCase()}`)
      .join('');
  });
}

const post = (url: string, body: unknown): GmsFuzzRequest => ({
  method: 'POST',
  url,
  payload: JSON.stringify(body),
});

/** Any request the fuzz sends to the GMS routes. */
export function gmsRequestArbitrary(model: GmsFuzzModel): fc.Arbitrary<GmsFuzzRequest> {
  const proposal = proposalArbitrary(model);
  const anyUrn = fc.constantFrom(...new Set(model.aspects.map((a) => a.entityType))).chain(urnArbitrary);
  const aspectName = fc.oneof(
    fc.constantFrom(...model.aspects.map((a) => a.aspectName)),
    fc.constantFrom(...timeseriesAspectNames, 'nope', '', 'a\u0000'),
  );
  const ingest = proposal.map((p) => post('/aspects?action=ingestProposal', { proposal: p, async: 'false' }));
  const batch = fc
    .array(proposal, { minLength: 1, maxLength: 4 })
    .map((proposals) => post('/aspects?action=ingestProposalBatch', { proposals }));
  const snapshot = fc.constantFrom(...model.aspects).chain((aspect) =>
    fc
      .tuple(urnArbitrary(aspect.entityType), fc.array(aspectValueArbitrary(model, aspect), { maxLength: 2 }))
      .map(([urn, values]) => {
        const snapshotName = `com.linkedin.metadata.snapshot.${aspect.entityType.charAt(0).toUpperCase()}${aspect.entityType.slice(1)}Snapshot`;
        return post('/entities?action=ingest', {
          entity: {
            value: {
              [snapshotName]: { urn, aspects: values.map((v) => ({ [pegasusName(aspect.recordName)]: v })) },
            },
          },
          systemMetadata: { lastObserved: 1, runId: 'fuzz-mce' },
        });
      }),
  );
  const timeseriesRead = fc
    .record(
      {
        urn: fc.oneof(anyUrn, fc.constantFrom(1, null)),
        entity: fc.constantFrom('dataset', 'x', 5),
        aspect: aspectName,
        limit: numberish,
        startTimeMillis: numberish,
        endTimeMillis: numberish,
      },
      { requiredKeys: [] },
    )
    .map((body) => post('/aspects?action=getTimeseriesAspectValues', body));
  const getAspect = fc
    .tuple(anyUrn, aspectName, fc.oneof(numberish.map(String), fc.constant(undefined)))
    .map(([urn, aspect, version]): GmsFuzzRequest => ({
      method: 'GET',
      url: `/aspects/${encodeAny(urn)}?aspect=${encodeAny(aspect)}${version === undefined ? '' : `&version=${encodeAny(version)}`}`,
    }));
  const getEntity = fc
    .tuple(anyUrn, fc.array(aspectName, { maxLength: 3 }))
    .map(([urn, aspects]): GmsFuzzRequest => ({
      method: 'GET',
      url: `/entitiesV2/${encodeAny(urn)}${aspects.length ? `?aspects=${encodeAny(`List(${aspects.join(',')})`)}` : ''}`,
    }));
  const raw = fc
    .tuple(
      fc.constantFrom(
        '/aspects?action=ingestProposal',
        '/aspects?action=ingestProposalBatch',
        '/aspects?action=getTimeseriesAspectValues',
        '/entities?action=ingest',
        '/aspects?action=nope',
      ),
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''),
        fc.nat({ max: 3 }).map((how) => damageText('{"proposal":{}}', how)),
      ),
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
      ),
    )
    .map(([url, payload, contentType]): GmsFuzzRequest => ({ method: 'POST', url, payload, contentType }));
  return fc.oneof(
    { weight: 5, arbitrary: ingest },
    { weight: 2, arbitrary: batch },
    { weight: 1, arbitrary: snapshot },
    { weight: 2, arbitrary: timeseriesRead },
    { weight: 2, arbitrary: getAspect },
    { weight: 1, arbitrary: getEntity },
    { weight: 1, arbitrary: raw },
  );
}

/** Sends one fuzz request to GMS routes mounted at /gms, through fastify's inject (no socket). */
export function sendFuzzRequest(
  app: FastifyInstance,
  request: GmsFuzzRequest,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: request.method,
    url: `/gms${request.url}`,
    ...(request.payload !== undefined
      ? { payload: request.payload, headers: { 'content-type': request.contentType ?? 'application/json' } }
      : {}),
  });
}
