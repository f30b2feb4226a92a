import type { DatasetView, FieldView } from './catalog-view.js';

/** Builders of catalog views for the generators' unit tests: a plain column and a plain dataset, overridable. */

export const testField = (fieldPath: string, over: Partial<FieldView> = {}): FieldView => ({
  fieldPath,
  type: 'STRING',
  nativeType: null,
  description: null,
  editableDescription: null,
  termUrns: [],
  sampleValues: null,
  ...over,
});

export function testDataset(name: string, platform: string, over: Partial<DatasetView> = {}): DatasetView {
  return {
    urn: `urn:li:dataset:(urn:li:dataPlatform:${platform},db.${name},PROD)`,
    name,
    platform,
    description: null,
    editableDescription: null,
    fields: [],
    upstreams: [],
    columnLineage: new Map(),
    sql: null,
    domainUrn: null,
    termUrns: [],
    ownerUrns: [],
    layer: null,
    deprecated: false,
    lastModified: null,
    ...over,
  };
}
