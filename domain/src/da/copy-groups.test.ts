import { describe, expect, it } from 'vitest';
import type { IndexedDataset } from '../ports/search-documents.js';
import { foldCopies } from './copy-groups.js';

const dataset = (platform: string, name: string, columns: string[]): IndexedDataset => ({
  urn: `urn:li:dataset:(urn:li:dataPlatform:${platform},${name},PROD)`,
  name,
  qualifiedName: name,
  description: null,
  platform: { urn: `urn:li:dataPlatform:${platform}`, name: platform },
  layer: null,
  domain: null,
  container: null,
  owners: [],
  tags: [],
  terms: [],
  fields: columns.map((path) => ({
    path,
    type: 'STRING',
    nativeType: null,
    description: null,
    isKey: false,
    tags: [],
    terms: [],
  })),
  primaryKeys: [],
  upstreams: [],
  downstreams: [],
  dashboards: [],
  deprecation: null,
  curated: false,
  lastUpdated: null,
  documentation: 0,
  usage: 0,
  copyKey: name.split('.').pop()!,
});

describe('foldCopies', () => {
  const onPostgres = dataset('postgres', 'shop.regions', ['region_id', 'region_name', 'country_id']);
  const onS3 = dataset('s3', 'bucket.shop.regions', ['region_id', 'region_name', 'country_id']);
  const otherSchema = dataset('postgres', 'hr.regions', ['id', 'name']);
  const country = dataset('sqlite', 'world.country', ['code', 'name', 'region']);
  const docs = new Map([onPostgres, onS3, otherSchema, country].map((d) => [d.urn, d]));
  const ranked = (scores: [IndexedDataset, number][]) => scores.map(([d, score]) => ({ urn: d.urn, score }));

  it('moves a further copy of a table below a distinct table nearly as good, not below a weak one', () => {
    const order = (countryScore: number) =>
      foldCopies(
        ranked([
          [onPostgres, 1],
          [onS3, 0.98],
          [country, countryScore],
        ]),
        docs,
        50,
      ).map((r) => r.urn);
    expect(order(0.8)).toEqual([onPostgres.urn, country.urn, onS3.urn]);
    expect(order(0.3)).toEqual([onPostgres.urn, onS3.urn, country.urn]);
  });

  it('leaves same-named tables that are not copies (another schema, other columns) in place', () => {
    const order = foldCopies(
      ranked([
        [onPostgres, 1],
        [otherSchema, 0.98],
        [country, 0.8],
      ]),
      docs,
      50,
    );
    expect(order.map((r) => r.urn)).toEqual([onPostgres.urn, otherSchema.urn, country.urn]);
  });
});
