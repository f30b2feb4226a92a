import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@dataspoke/platform/store/db';
import { openGmsTestApp } from './testing/gms-app.js';

/**
 * Hostile and careless input on the GMS routes: each is a 4xx with a code and a reason, the shared object
 * prototype is never touched, and what the hub stored before is still there, unchanged.
 */

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hive,bad_input,PROD)';
const ENCODED = encodeURIComponent(URN);
const HEADERS = { 'content-type': 'application/json' };
const STORED = { name: 'bad_input', customProperties: { owner: 'team-a' } };

function mcp(aspectName: string, value: unknown, extra: Record<string, unknown> = {}) {
  return {
    entityType: 'dataset',
    entityUrn: URN,
    changeType: 'UPSERT',
    aspectName,
    aspect: { value: JSON.stringify(value), contentType: 'application/json' },
    ...extra,
  };
}

function patchProposal(aspectName: string, patch: unknown) {
  return mcp(aspectName, patch, {
    changeType: 'PATCH',
    aspect: { value: JSON.stringify(patch), contentType: 'application/json-patch+json' },
  });
}

/** Whatever a request did, nothing may have been added to the prototype every object shares. */
function prototypeIsClean(): void {
  expect(({} as Record<string, unknown>).limit).toBeUndefined();
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
}
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

describe('GMS routes refuse bad input with a 4xx and change nothing', () => {
  let store: Store;
  let app: FastifyInstance;

  const post = (url: string, payload: unknown) =>
    app.inject({
      method: 'POST',
      url: `/gms${url}`,
      headers: HEADERS,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const ingest = (proposal: unknown) => post('/aspects?action=ingestProposal', { proposal });

  /** A normal write and read still work, and the stored aspect is what it was. */
  async function hubStillWorks(): Promise<void> {
    const write = await ingest(mcp('status', { removed: false }));
    expect(write.statusCode).toBe(200);
    const read = await app.inject({ method: 'GET', url: `/gms/aspects/${ENCODED}?aspect=datasetProperties` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ aspect: { 'com.linkedin.dataset.DatasetProperties': STORED } });
  }

  beforeAll(async () => {
    ({ store, app } = await openGmsTestApp(1_000_000));
    expect((await ingest(mcp('datasetProperties', STORED))).statusCode).toBe(200);
  });
  afterEach(() => {
    prototypeIsClean();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('a PATCH path through __proto__ is refused before it runs, and the prototype is untouched', async () => {
    const response = await ingest(
      patchProposal('datasetProperties', [{ op: 'add', path: '/__proto__/limit/x', value: 1 }]),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error_code: 'RESERVED_KEY', status: 400 });
    expect(response.json<{ message: string }>().message).toMatch(/reserved name "__proto__"/);
    prototypeIsClean();
    await hubStillWorks();
  });

  it.each([
    ['constructor/prototype', [{ op: 'add', path: '/constructor/prototype/limit', value: 1 }]],
    ['a keyed owner map', [{ op: 'add', path: '/owners/__proto__/limit', value: { x: 1 } }]],
    ['an escaped segment', [{ op: 'replace', path: '/customProperties/prototype', value: 'v' }]],
    ['the from of a copy', [{ op: 'copy', from: '/__proto__', path: '/customProperties/x' }]],
    ['generic form', { patch: [{ op: 'add', path: '/__proto__/x', value: 1 }] }],
    [
      'arrayPrimaryKeys path',
      { patch: [{ op: 'add', path: '/tags/t', value: {} }], arrayPrimaryKeys: { '__proto__.tags': ['tag'] } },
    ],
    [
      'arrayPrimaryKeys key field',
      { patch: [{ op: 'add', path: '/tags/t', value: {} }], arrayPrimaryKeys: { tags: ['constructor'] } },
    ],
  ])('refuses reserved names in %s', async (_what, patch) => {
    const response = await ingest(patchProposal('datasetProperties', patch));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error_code: 'RESERVED_KEY' });
    await hubStillWorks();
  });

  it('refuses reserved keys inside an aspect value and in the request body', async () => {
    const inValue = await ingest({
      ...mcp('datasetProperties', {}),
      aspect: { value: '{"customProperties":{"__proto__":{"limit":1}}}', contentType: 'application/json' },
    });
    expect(inValue.statusCode).toBe(400);
    expect(inValue.json()).toMatchObject({ error_code: 'RESERVED_KEY' });
    const inBody = await post(
      '/aspects?action=ingestProposal',
      '{"proposal":{"constructor":{"prototype":1}}}',
    );
    expect(inBody.statusCode).toBe(400);
    expect(inBody.json()).toMatchObject({ error_code: 'RESERVED_KEY' });
    await hubStillWorks();
  });

  it('property: any patch path with a reserved segment is refused and pollutes nothing', async () => {
    const segment = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      fc.constantFrom('owners', 'tags', 'customProperties', 'x', 'limit', '0', '-', ''),
      fc.string({ maxLength: 6 }),
    );
    const reserved = fc.constantFrom('__proto__', 'constructor', 'prototype');
    const path = fc
      .tuple(fc.array(segment, { maxLength: 4 }), reserved, fc.array(segment, { maxLength: 4 }))
      .map(([before, name, after]) =>
        [...before, name, ...after].map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''),
      );
    const op = fc.record({
      op: fc.constantFrom('add', 'replace', 'remove', 'copy', 'move', 'test'),
      path,
      from: path,
      value: fc.jsonValue({ maxDepth: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('datasetProperties', 'ownership', 'globalTags', 'upstreamLineage'),
        fc.array(op, { minLength: 1, maxLength: 3 }),
        async (aspectName, operations) => {
          const response = await ingest(patchProposal(aspectName, operations));
          expect(response.statusCode).toBe(400);
          expect(response.json()).toMatchObject({ error_code: 'RESERVED_KEY' });
          prototypeIsClean();
        },
      ),
      { numRuns: 150, seed: 22 },
    );
    await hubStillWorks();
  });

  it('NUL bytes and unpaired surrogates in urns and values are refused with INVALID_URN / INVALID_TEXT', async () => {
    const nulUrn = await app.inject({
      method: 'GET',
      url: `/gms/aspects/${encodeURIComponent('urn:li:dataset:(urn:li:dataPlatform:hive,a\u0000b,PROD)')}?aspect=status`,
    });
    expect(nulUrn.statusCode).toBe(400);
    expect(nulUrn.json()).toMatchObject({ error_code: 'INVALID_URN' });
    const entity = await app.inject({ method: 'GET', url: '/gms/entitiesV2/urn%3Ali%3Acorpuser%3Aa%00b' });
    expect(entity.statusCode).toBe(400);
    expect(entity.json()).toMatchObject({ error_code: 'INVALID_URN' });
    // JSON text escapes reach the decoder as the characters themselves.
    for (const bad of ['a\\u0000b', 'a\\ud800b', '\\udc00']) {
      const body = `{"proposal":${JSON.stringify(mcp('datasetProperties', {})).replace('"entityUrn":"urn:li:dataset:', `"entityUrn":"urn:li:dataset:${bad}`)}}`;
      const response = await post('/aspects?action=ingestProposal', body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error_code: 'INVALID_TEXT' });
    }
    const inValue = await ingest({
      ...mcp('datasetProperties', {}),
      aspect: { value: '{"name":"x\\u0000y"}', contentType: 'application/json' },
    });
    expect(inValue.statusCode).toBe(400);
    expect(inValue.json()).toMatchObject({ error_code: 'INVALID_TEXT' });
    await hubStillWorks();
  });

  it('a 5,000-deep body, and a 5,000-deep aspect value, are refused as JSON_TOO_DEEP', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const body = await post('/aspects?action=ingestProposal', `{"proposal":${deep}}`);
    expect(body.statusCode).toBe(400);
    expect(body.json()).toMatchObject({ error_code: 'JSON_TOO_DEEP' });
    expect(body.json<{ message: string }>().message).toMatch(/more than 64 levels/);
    const inValue = await ingest({
      ...mcp('datasetProperties', {}),
      aspect: {
        value: `{"customProperties":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
        contentType: 'application/json',
      },
    });
    expect(inValue.statusCode).toBe(400);
    expect(inValue.json()).toMatchObject({ error_code: 'JSON_TOO_DEEP' });
    await hubStillWorks();
  });

  it('numbers: version=1e20, limit 1.5, startTimeMillis 1e300 and a fractional event time are 400s', async () => {
    for (const version of ['1e20', '1.5', '-1', '0x10', '99999999999999999999']) {
      const response = await app.inject({
        method: 'GET',
        url: `/gms/aspects/${ENCODED}?aspect=datasetProperties&version=${version}`,
      });
      expect(response.statusCode, version).toBe(400);
      expect(response.json()).toMatchObject({ error_code: 'INVALID_PARAMETER' });
      expect(response.json<{ message: string }>().message).toMatch(/^version must be an integer/);
    }
    const timeseries = (extra: Record<string, unknown>) =>
      post('/aspects?action=getTimeseriesAspectValues', {
        urn: URN,
        entity: 'dataset',
        aspect: 'datasetProfile',
        ...extra,
      });
    for (const extra of [
      { limit: 1.5 },
      { limit: 0 },
      { limit: 'ten' },
      { startTimeMillis: 1e300 },
      { endTimeMillis: -5 },
      { startTimeMillis: 1.25 },
    ]) {
      const response = await timeseries(extra);
      expect(response.statusCode, JSON.stringify(extra)).toBe(400);
      expect(response.json()).toMatchObject({ error_code: 'INVALID_PARAMETER' });
    }
    expect((await timeseries({ limit: 5, startTimeMillis: 0 })).statusCode).toBe(200);
    for (const timestampMillis of [1.5, 1e300, -1, '1700000000000']) {
      const response = await ingest(mcp('datasetProfile', { timestampMillis, rowCount: 1 }));
      expect(response.statusCode, String(timestampMillis)).toBe(422);
      expect(response.json()).toMatchObject({ error_code: 'INVALID_ASPECT' });
      expect(response.json<{ message: string }>().message).toMatch(/timestampMillis must be an integer/);
    }
    const events = await timeseries({});
    expect(events.json<{ value: { values: unknown[] } }>().value.values).toEqual([]);
    await hubStillWorks();
  });
});
