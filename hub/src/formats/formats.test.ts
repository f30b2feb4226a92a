import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  avroJsonToPegasus,
  decodeProposal,
  expandMetadataPaths,
  FormatError,
  parseMetadataJson,
  readMetadataFile,
  recordNameForAspect,
  type MetadataDocument,
} from './index.js';

// DataHub's own reference files, read in place (never copied into the repo).
const SHARED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/datahub');
const BOOTSTRAP = path.join(SHARED, 'bootstrap_mce.json');
const SHOWCASE = path.join(SHARED, 'showcase-ecommerce');
const HIVE = 'urn:li:dataset:(urn:li:dataPlatform:hive,SampleHiveDataset,PROD)';

function countBy(document: MetadataDocument, key: (p: { entityType: string; aspectName: string }) => string) {
  const counts: Record<string, number> = {};
  for (const { proposal } of document.proposals) counts[key(proposal)] = (counts[key(proposal)] ?? 0) + 1;
  return counts;
}

describe('bootstrap_mce.json (MCE snapshots mixed with MCPs)', async () => {
  const document = await readMetadataFile(BOOTSTRAP);

  it('decodes every entry: one UPSERT per snapshot aspect, plus the plain MCPs', () => {
    expect(document.failures).toEqual([]);
    expect(document.entries).toBe(97);
    expect(document.proposals).toHaveLength(154);
    expect(document.proposals.every((p) => p.proposal.changeType === 'UPSERT')).toBe(true);
    const byEntity = countBy(document, (p) => p.entityType);
    expect(byEntity).toMatchObject({ dataPlatform: 27, mlFeature: 20, corpuser: 3, test: 2, container: 7 });
    const byAspect = countBy(document, (p) => `${p.entityType}.${p.aspectName}`);
    expect(byAspect).toMatchObject({
      'dataset.schemaMetadata': 7,
      'dataset.upstreamLineage': 6,
      'dataset.ownership': 7,
      'mlModel.mlModelCaveatsAndRecommendations': 1,
      'mlModel.mlModelMetrics': 1,
      'mlFeature.mlFeatureProperties': 20,
      'dataset.datasetProfile': 2,
    });
  });

  it('unwraps Avro unions and drops nulls, keeping pegasus unions under their pegasus names', () => {
    const schema = document.proposals.find(
      (p) => p.proposal.entityUrn === HIVE && p.proposal.aspectName === 'schemaMetadata',
    );
    expect(schema?.proposal.entityType).toBe('dataset');
    expect(schema?.proposal.aspect).toEqual({
      schemaName: 'SampleHiveSchema',
      platform: 'urn:li:dataPlatform:hive',
      version: 0,
      created: { time: 1581407189000, actor: 'urn:li:corpuser:jdoe' },
      lastModified: { time: 1581407189000, actor: 'urn:li:corpuser:jdoe' },
      hash: '',
      platformSchema: {
        'com.linkedin.schema.KafkaSchema': {
          documentSchema:
            '{"type":"record","name":"SampleHiveSchema","namespace":"com.linkedin.dataset","doc":"Sample Hive dataset","fields":[{"name":"field_foo","type":["string"]},{"name":"field_bar","type":["boolean"]}]}',
        },
      },
      fields: [
        {
          fieldPath: 'field_foo',
          nullable: false,
          description: 'Foo field description',
          type: { type: { 'com.linkedin.schema.BooleanType': {} } },
          nativeDataType: 'varchar(100)',
          recursive: false,
          isPartOfKey: true,
        },
        {
          fieldPath: 'field_bar',
          nullable: false,
          description: 'Bar field description',
          type: { type: { 'com.linkedin.schema.BooleanType': {} } },
          nativeDataType: 'boolean',
          recursive: false,
        },
      ],
    });
  });

  it('names aspects whose record name differs (Metrics → mlModelMetrics) and keeps primitive union branches', () => {
    const corpUser = document.proposals.find((p) => p.proposal.aspectName === 'corpUserInfo');
    expect(corpUser?.proposal.aspect).toEqual({
      active: true,
      displayName: 'Data Hub',
      email: 'datahub@linkedin.com',
      title: 'CEO',
      fullName: 'Data Hub',
    });
    const jobInfo = document.proposals.find((p) => p.proposal.aspectName === 'dataJobInfo');
    expect((jobInfo?.proposal.aspect as Record<string, unknown>).type).toEqual({ string: 'SQL' });
    const chart = document.proposals.find((p) => p.proposal.aspectName === 'chartInfo');
    expect((chart?.proposal.aspect as Record<string, unknown>).inputs).toEqual([
      { string: 'urn:li:dataset:(urn:li:dataPlatform:kafka,SampleKafkaDataset,PROD)' },
    ]);
  });

  it('decodes the serialized-JSON MCPs mixed in', () => {
    const profile = document.proposals.find((p) => p.proposal.aspectName === 'datasetProfile');
    expect(profile?.proposal).toMatchObject({
      entityType: 'dataset',
      entityUrn: HIVE,
      changeType: 'UPSERT',
      aspect: { timestampMillis: 1629097200000, rowCount: 4500, columnCount: 2 },
    });
    expect(profile?.proposal).not.toHaveProperty('systemMetadata');
  });
});

describe('showcase-ecommerce datapack (MCP JSON from the file sink)', async () => {
  const files = await expandMetadataPaths([
    path.join(SHOWCASE, 'index.json'),
    path.join(SHOWCASE, '02-data.json'),
  ]);
  const data = await readMetadataFile(path.join(SHOWCASE, '02-data.json'));

  it('expands the datapack manifest into its files, in order, each once', () => {
    expect(files.map((f) => path.basename(f))).toEqual([
      '01-definitions.json',
      '02-data.json',
      '03-context.json',
    ]);
  });

  it('decodes all 3,809 MCPs of 02-data.json', () => {
    expect(data.failures).toEqual([]);
    expect(data.proposals).toHaveLength(3809);
    expect(countBy(data, (p) => p.entityType)).toEqual({
      dataProduct: 32,
      corpGroup: 29,
      glossaryTerm: 44,
      domain: 27,
      tag: 20,
      glossaryNode: 20,
      corpuser: 82,
      dataset: 1149,
      chart: 140,
      dataJob: 202,
      dashboard: 44,
      container: 105,
      schemaField: 1869,
      dataFlow: 46,
    });
    const byAspect = countBy(data, (p) => `${p.entityType}.${p.aspectName}`);
    expect(byAspect).toMatchObject({
      'dataset.schemaMetadata': 67,
      'dataset.datasetProperties': 67,
      'dataset.upstreamLineage': 55,
      'dataset.glossaryTerms': 66,
      'schemaField.schemaFieldKey': 873,
    });
  });

  it('reads both aspect forms ({json} and serialized {value, contentType}) to the same plain JSON', () => {
    const all = data.proposals.map((p) => p.proposal);
    expect(
      all.every((p) => typeof p.aspect === 'object' && p.aspect !== null && !Array.isArray(p.aspect)),
    ).toBe(true);
    const withSystemMetadata = all.filter((p) => p.systemMetadata);
    expect(withSystemMetadata.length).toBe(3726);
  });
});

describe('bad entries', () => {
  const good = {
    entityType: 'dataset',
    entityUrn: HIVE,
    changeType: 'UPSERT',
    aspectName: 'status',
    aspect: { json: { removed: false } },
  };

  it('a malformed file is one clear failure', () => {
    const document = parseMetadataJson('[{"entityUrn": ', 'broken.json');
    expect(document.proposals).toEqual([]);
    expect(document.failures).toHaveLength(1);
    expect(document.failures[0]).toMatchObject({ index: -1, code: 'MALFORMED_JSON' });
    expect(document.failures[0]?.reason).toMatch(/^broken\.json is not valid JSON/);
    expect(parseMetadataJson('42').failures[0]?.code).toBe('INVALID_ENTRY');
  });

  it('one bad entry never spoils the rest', () => {
    const entries = [
      good,
      { ...good, aspect: { value: '{not json', contentType: 'application/json' } },
      { ...good, changeType: 'MERGE' },
      { ...good, entityUrn: undefined },
      { ...good, aspect: { value: '{}', contentType: 'text/xml' } },
      'a string',
      {
        proposedSnapshot: {
          'com.linkedin.pegasus2avro.metadata.snapshot.NopeThing': { urn: HIVE, aspects: [] },
        },
      },
      {
        proposedSnapshot: {
          'com.linkedin.pegasus2avro.metadata.snapshot.DatasetSnapshot': {
            urn: HIVE,
            aspects: [{ 'com.linkedin.pegasus2avro.common.Status': { removed: false } }, 'not an aspect'],
          },
        },
      },
      good,
    ];
    const document = parseMetadataJson(JSON.stringify(entries));
    expect(document.proposals.map((p) => [p.index, p.aspectIndex])).toEqual([
      [0, undefined],
      [7, 0],
      [8, undefined],
    ]);
    expect(document.failures.map((f) => [f.index, f.code])).toEqual([
      [1, 'INVALID_ASPECT'],
      [2, 'INVALID_CHANGE_TYPE'],
      [3, 'INVALID_PROPOSAL'],
      [4, 'UNSUPPORTED_CONTENT_TYPE'],
      [5, 'INVALID_PROPOSAL'],
      [6, 'UNKNOWN_ENTITY_TYPE'],
      [7, 'INVALID_ASPECT'],
    ]);
    expect(document.failures[0]).toMatchObject({ urn: HIVE, aspectName: 'status' });
    expect(document.failures[6]).toMatchObject({ aspectIndex: 1, urn: HIVE });
  });
});

describe('GMS wire decoder', () => {
  it('decodes what DatahubRestEmitter sends, UPSERT and PATCH', () => {
    const upsert = decodeProposal({
      entityType: 'dataset',
      entityUrn: HIVE,
      changeType: 'UPSERT',
      aspectName: 'datasetProperties',
      aspect: { value: '{"name": "x", "customProperties": {"a": "b"}}', contentType: 'application/json' },
      systemMetadata: { lastObserved: 1, runId: 'no-run-id-provided', properties: null },
    });
    expect(upsert).toEqual({
      entityType: 'dataset',
      entityUrn: HIVE,
      changeType: 'UPSERT',
      aspectName: 'datasetProperties',
      aspect: { name: 'x', customProperties: { a: 'b' } },
      systemMetadata: { lastObserved: 1, runId: 'no-run-id-provided' },
    });
    const patch = decodeProposal({
      entityUrn: HIVE,
      changeType: 'PATCH',
      aspectName: 'globalTags',
      aspect: {
        value: JSON.stringify({
          arrayPrimaryKeys: { tags: ['attribution\u241fsource', 'tag'] },
          patch: [{ op: 'add', path: '/tags//urn:li:tag:t', value: { tag: 'urn:li:tag:t' } }],
        }),
        contentType: 'application/json-patch+json',
      },
    });
    expect(patch.entityType).toBe('dataset');
    expect(patch.aspect).toEqual({
      arrayPrimaryKeys: { tags: ['attribution\u241fsource', 'tag'] },
      patch: [{ op: 'add', path: '/tags//urn:li:tag:t', value: { tag: 'urn:li:tag:t' } }],
    });
  });

  it('refuses a JSON-Patch content type on an UPSERT and an UPSERT without aspect', () => {
    const base = { entityUrn: HIVE, aspectName: 'status', changeType: 'UPSERT' };
    expect(() =>
      decodeProposal({ ...base, aspect: { value: '[]', contentType: 'application/json-patch+json' } }),
    ).toThrow(FormatError);
    expect(() => decodeProposal(base)).toThrow(/needs an "aspect"/);
    expect(decodeProposal({ ...base, changeType: 'DELETE' })).not.toHaveProperty('aspect');
  });

  it('names aspect records as GMS does', () => {
    expect(recordNameForAspect('datasetProperties')).toBe('com.linkedin.dataset.DatasetProperties');
    expect(recordNameForAspect('mlModelMetrics')).toBe('com.linkedin.ml.metadata.Metrics');
    expect(recordNameForAspect('propertyDefinition')).toBe(
      'com.linkedin.structured.StructuredPropertyDefinition',
    );
  });

  it('leaves plain pegasus JSON alone', () => {
    const value = { platformSchema: { 'com.linkedin.schema.OtherSchema': { rawSchema: '' } }, fields: [] };
    expect(avroJsonToPegasus(value, 'schemaMetadata')).toEqual(value);
  });
});
