import { describe, expect, it } from 'vitest';
import {
  buildServedSchema,
  datahubSchemaMismatches,
  loadDatahubGraphql,
} from '@dataspoke/hub/testing/datahub-graphql';
import { subgraphTypeDefs } from '../schema-file.js';

/**
 * The datahub subgraph serves DataHub's entities under DataHub's type and field names, so what it declares
 * must be DataHub's, with DataHub's types (federation's markup aside). Contract-tested against DataHub's own
 * schema files.
 */
const datahub = loadDatahubGraphql();
if (datahub.absent) console.warn(`[skip] the datahub subgraph's schema against DataHub's: ${datahub.absent}`);

describe.skipIf(datahub.schema === null)("datahub subgraph schema against DataHub's (contract)", () => {
  it("declares only DataHub's types, fields, arguments and enum values, with DataHub's types", () => {
    const served = buildServedSchema(subgraphTypeDefs('datahub'));
    expect(datahubSchemaMismatches(served, datahub.schema!).join('\n')).toBe('');
  });
});
