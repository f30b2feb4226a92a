import { describe, expect, it } from 'vitest';
import { METADATA_CHANGE_LOG_AVSC, METADATA_CHANGE_PROPOSAL_AVSC } from '../generated/datahub-avro.js';
import type { SchemaRegistryError } from './schema-registry.js';
import { InMemorySchemaRegistry } from './schema-registry.js';

const registry = () =>
  new InMemorySchemaRegistry({
    metadataChangeLog: ['MetadataChangeLog_Versioned_v1', 'MetadataChangeLog_Timeseries_v1'],
    metadataChangeProposal: ['MetadataChangeProposal_v1'],
  });

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const e = error as SchemaRegistryError;
    return [e.httpStatus, e.errorCode];
  }
  return [];
};

describe('the in-memory Confluent schema registry', () => {
  it("holds DataHub's schemas at fixed ids under the topics' value subjects", async () => {
    const r = registry();
    expect(r.listSubjects()).toEqual([
      'MetadataChangeLog_Timeseries_v1-value',
      'MetadataChangeLog_Versioned_v1-value',
      'MetadataChangeProposal_v1-value',
    ]);
    expect(r.version('MetadataChangeLog_Versioned_v1-value', 'latest')).toMatchObject({ id: 1, version: 1 });
    expect(r.version('MetadataChangeProposal_v1-value', '1')).toMatchObject({ id: 2 });
    expect((await r.schemaById(1)).name).toBe('com.linkedin.pegasus2avro.mxe.MetadataChangeLog');
    await expect(r.schemaById(99)).rejects.toMatchObject({ code: 'UNKNOWN_SCHEMA_ID' });
  });

  it('gives an equal schema its id again, whatever its docs or layout, and a new one a new id', () => {
    const r = registry();
    const withoutDocs = JSON.stringify(METADATA_CHANGE_PROPOSAL_AVSC, (k, v: unknown) =>
      k === 'doc' ? undefined : v,
    );
    expect(r.register('MetadataChangeProposal_v1-value', withoutDocs)).toMatchObject({ id: 2, version: 1 });
    expect(r.register('other-value', JSON.stringify(METADATA_CHANGE_LOG_AVSC))).toMatchObject({
      id: 1,
      version: 1,
    });
    const added = r.register(
      'other-value',
      '{"type":"record","name":"X","fields":[{"name":"a","type":"int"}]}',
    );
    expect(added).toMatchObject({ id: 3, version: 2 });
    expect(
      r.lookup('other-value', '{"type":"record","name":"X","fields":[{"name":"a","type":"int"}]}').id,
    ).toBe(3);
  });

  it("answers Confluent's error codes", () => {
    const r = registry();
    expect(errorOf(() => r.versions('nope-value'))).toEqual([404, 40401]);
    expect(errorOf(() => r.version('MetadataChangeProposal_v1-value', '9'))).toEqual([404, 40402]);
    expect(errorOf(() => r.lookup('MetadataChangeProposal_v1-value', '"string"'))).toEqual([404, 40403]);
    expect(errorOf(() => r.register('x-value', '{"type":"recrd"}'))).toEqual([422, 42201]);
    expect(errorOf(() => r.register('x-value', 'not json'))).toEqual([422, 42201]);
  });

  it('stops taking new schemas at its limit', () => {
    const r = registry();
    let refused: number[] = [];
    for (let i = 0; i < InMemorySchemaRegistry.MAX_SCHEMAS + 5 && refused.length === 0; i++)
      refused = errorOf(() => r.register(`s${i}-value`, `{"type":"record","name":"R${i}","fields":[]}`));
    expect(refused).toEqual([422, 42205]);
  });
});
