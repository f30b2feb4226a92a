import { describe, expect, it } from 'vitest';
import type { HubDataset, HubSchemaField } from '../ports/hub-port.js';
import { documentationCoverage } from './documentation.js';

const field = (fieldPath: string, description: string | null): HubSchemaField => ({
  fieldPath,
  type: 'STRING',
  nativeDataType: 'varchar',
  description,
  nullable: true,
  isPartOfKey: false,
  isPartitioningKey: false,
  tags: null,
  glossaryTerms: null,
});

function dataset(parts: Partial<HubDataset>): HubDataset {
  return {
    __typename: 'Dataset',
    urn: 'urn:li:dataset:(urn:li:dataPlatform:hive,db.t,PROD)',
    type: 'DATASET',
    name: 'db.t',
    lastIngested: null,
    platform: {
      __typename: 'DataPlatform',
      urn: 'urn:li:dataPlatform:hive',
      type: 'DATA_PLATFORM',
      name: 'hive',
      properties: null,
    },
    properties: null,
    editableProperties: null,
    schemaMetadata: null,
    editableSchemaMetadata: null,
    tags: null,
    glossaryTerms: null,
    ownership: null,
    domain: null,
    subTypes: null,
    container: null,
    status: null,
    deprecation: null,
    ...parts,
  };
}

describe('documentationCoverage', () => {
  it('counts ingested and editable descriptions of the table and its fields; blanks do not count', () => {
    const coverage = documentationCoverage(
      dataset({
        editableProperties: { description: 'Orders, one row per order.', name: null },
        schemaMetadata: {
          name: 't',
          platformUrn: 'urn:li:dataPlatform:hive',
          version: 0,
          hash: '',
          primaryKeys: null,
          fields: [
            field('id', 'Order id'),
            field('amount', '  '),
            field('status', null),
            field('note', null),
          ],
        },
        editableSchemaMetadata: {
          editableSchemaFieldInfo: [
            { fieldPath: 'status', description: 'Lifecycle state', tags: null, glossaryTerms: null },
            {
              fieldPath: 'gone',
              description: 'A field no longer in the schema',
              tags: null,
              glossaryTerms: null,
            },
          ],
        },
      }),
    );
    expect(coverage).toEqual({ tableDocumented: true, fieldsDocumented: 2, fieldsTotal: 4, ratio: 3 / 5 });
  });

  it('is 0 for an undocumented table without a schema', () => {
    expect(documentationCoverage(dataset({}))).toEqual({
      tableDocumented: false,
      fieldsDocumented: 0,
      fieldsTotal: 0,
      ratio: 0,
    });
  });
});
