import { describe, expect, it } from 'vitest';
import { METADATA_CHANGE_PROPOSAL_AVSC } from '../generated/datahub-avro.js';
import type { MetadataChangeLog } from '../model.js';
import { changeIdentity, changeLogFromAvro, changeLogToAvro, proposalFromAvro } from './change-log-codec.js';
import {
  datahubAvro,
  frameAvro,
  framedSchemaId,
  parseAvroSchema,
  unframeAvro,
  UndecodableRecordError,
} from './confluent-avro.js';

const change: MetadataChangeLog = {
  entityType: 'dataset',
  entityUrn: 'urn:li:dataset:(urn:li:dataPlatform:hive,db.orders,PROD)',
  changeType: 'UPSERT',
  aspectName: 'datasetProperties',
  aspect: { name: 'orders', customProperties: { owner: 'sales' } },
  previousAspectValue: { name: 'orders_old' },
  systemMetadata: { lastObserved: 1_700_000_000_000, runId: 'run-1', version: '3', properties: { a: 'b' } },
  created: { time: 1_700_000_000_123, actor: 'urn:li:corpuser:datahub' },
  timeseries: false,
};

const roundTrip = (event: MetadataChangeLog) => {
  const framed = frameAvro(7, datahubAvro.metadataChangeLog, changeLogToAvro(event));
  expect(framedSchemaId(framed)).toBe(7);
  return changeLogFromAvro(
    unframeAvro(framed, datahubAvro.metadataChangeLog, datahubAvro.metadataChangeLog),
    event.timeseries,
  );
};

describe("DataHub's MetadataChangeLog in the Confluent wire format", () => {
  it('carries a change through Avro unchanged (magic byte, schema id, GenericAspect JSON)', () => {
    const framed = frameAvro(7, datahubAvro.metadataChangeLog, changeLogToAvro(change));
    expect([...framed.subarray(0, 5)]).toEqual([0, 0, 0, 0, 7]);
    expect(roundTrip(change)).toEqual(change);
    const timeseries = {
      ...change,
      aspectName: 'datasetProfile',
      aspect: { timestampMillis: 1 },
      timeseries: true,
    };
    delete (timeseries as Partial<MetadataChangeLog>).previousAspectValue;
    expect(roundTrip(timeseries)).toEqual(timeseries);
  });

  it('names a redelivered change the same and two writes of an aspect differently', () => {
    expect(changeIdentity(roundTrip(change))).toBe(changeIdentity(change));
    expect(
      changeIdentity({ ...change, systemMetadata: { ...change.systemMetadata, version: '4' } }),
    ).not.toBe(changeIdentity(change));
    expect(changeIdentity({ ...change, aspect: { name: 'orders_v2' } })).not.toBe(changeIdentity(change));
  });

  it('refuses what is not a framed record or not a change, with a code', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as UndecodableRecordError).code;
      }
      return 'none';
    };
    expect(codeOf(() => framedSchemaId(Buffer.from('{"json": true}')))).toBe('NOT_CONFLUENT_FRAMED');
    expect(codeOf(() => framedSchemaId(null))).toBe('NOT_CONFLUENT_FRAMED');
    const truncated = frameAvro(1, datahubAvro.metadataChangeLog, changeLogToAvro(change)).subarray(0, 20);
    expect(
      codeOf(() => unframeAvro(truncated, datahubAvro.metadataChangeLog, datahubAvro.metadataChangeLog)),
    ).toBe('AVRO_DECODE_FAILED');
    const noUrn = { ...changeLogToAvro(change), entityUrn: null };
    expect(codeOf(() => changeLogFromAvro(noUrn, false))).toBe('NOT_A_CHANGE');
    const listAspect = {
      ...changeLogToAvro(change),
      aspect: { value: Buffer.from('[1]'), contentType: 'application/json' },
    };
    expect(codeOf(() => changeLogFromAvro(listAspect, false))).toBe('NOT_A_CHANGE');
  });

  it("reads DataHub's older change type UPDATE as an upsert", () => {
    expect(changeLogFromAvro({ ...changeLogToAvro(change), changeType: 'UPDATE' }, false).changeType).toBe(
      'UPSERT',
    );
  });
});

describe('MetadataChangeProposal_v1 records', () => {
  const mcp = (overrides: Record<string, unknown>) => ({
    auditHeader: null,
    entityType: 'dataset',
    entityUrn: change.entityUrn,
    entityKeyAspect: null,
    changeType: 'UPSERT',
    aspectName: 'globalTags',
    aspect: {
      value: Buffer.from(JSON.stringify({ tags: [{ tag: 'urn:li:tag:pii' }] })),
      contentType: 'application/json',
    },
    systemMetadata: null,
    headers: null,
    ...overrides,
  });

  it('decodes an upsert and a JSON Patch proposal into the hub model', () => {
    const framed = frameAvro(2, datahubAvro.metadataChangeProposal, mcp({}));
    const decoded = proposalFromAvro(
      unframeAvro(framed, datahubAvro.metadataChangeProposal, datahubAvro.metadataChangeProposal),
    );
    expect(decoded).toMatchObject({
      aspectName: 'globalTags',
      aspect: { tags: [{ tag: 'urn:li:tag:pii' }] },
    });
    const patch = [{ op: 'add', path: '/tags/urn:li:tag:gold', value: { tag: 'urn:li:tag:gold' } }];
    expect(
      proposalFromAvro(
        mcp({
          changeType: 'PATCH',
          aspect: { value: Buffer.from(JSON.stringify(patch)), contentType: 'application/json-patch+json' },
        }),
      ),
    ).toMatchObject({ changeType: 'PATCH', aspect: patch });
  });

  it("reads records written with the schema of DataHub's Python SDK, whose KafkaAuditHeader has another namespace", () => {
    const sdkSchema = JSON.parse(
      JSON.stringify(METADATA_CHANGE_PROPOSAL_AVSC).replace(
        '"namespace":"com.linkedin.avro2pegasus.events"',
        '"namespace":"com.linkedin.events"',
      ),
    ) as unknown;
    const writer = parseAvroSchema(sdkSchema);
    expect(writer.equals(datahubAvro.metadataChangeProposal)).toBe(false);
    const framed = frameAvro(3, writer, mcp({}));
    expect(proposalFromAvro(unframeAvro(framed, writer, datahubAvro.metadataChangeProposal))).toMatchObject({
      aspectName: 'globalTags',
    });
  });

  it('refuses a proposal the hub cannot take, with the reason', () => {
    expect(() => proposalFromAvro(mcp({ entityUrn: null }))).toThrow(/INVALID_PROPOSAL/);
    expect(() =>
      proposalFromAvro(mcp({ aspect: { value: Buffer.from('{'), contentType: 'application/json' } })),
    ).toThrow(UndecodableRecordError);
  });
});
