import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  datahubSchemaMismatches,
  embeddedHubSchema,
  loadDatahubGraphql,
} from '../testing/datahub-graphql.js';

/**
 * The embedded hub answers a subset of DataHub's GraphQL API under DataHub's names, so a client written for
 * GMS runs here unchanged and the other way round: every type, field, argument and enum value it serves
 * must be DataHub's, with the same type. Contract-tested against DataHub's own schema files.
 */
const datahub = loadDatahubGraphql();
if (datahub.absent) console.warn(`[skip] the embedded hub's schema against DataHub's: ${datahub.absent}`);

describe.skipIf(datahub.schema === null)("embedded hub GraphQL schema against DataHub's (contract)", () => {
  it('builds DataHub GMS schema from its own files', () => {
    expect(datahub.files).toBeGreaterThanOrEqual(30);
    expect(datahub.schema!.getQueryType()?.getFields()).toHaveProperty('searchAcrossEntities');
  });

  it("declares only DataHub's types, fields, arguments and enum values, with DataHub's types", () => {
    expect(datahubSchemaMismatches(embeddedHubSchema(), datahub.schema!).join('\n')).toBe('');
  });

  it('reports a served field that is not DataHub’s, and one with another nullability', () => {
    const served = buildSchema(`
      type Query { dataset(urn: String!): Dataset }
      type Dataset { urn: String! platform: DataPlatform extra: Int }
      type DataPlatform { urn: String }
    `);
    expect(datahubSchemaMismatches(served, datahub.schema!)).toEqual([
      "Dataset.platform: DataPlatform here, DataPlatform! in DataHub's",
      "Dataset.extra: not in DataHub's schema",
      "DataPlatform.urn: String here, String! in DataHub's",
    ]);
  });
});
