import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subgraphSdl } from '@dataspoke/subgraphs/schema-file';
import { readFileSync } from 'node:fs';
import {
  apiSchemaPath,
  composeGraph,
  composeSupergraph,
  CompositionError,
  readCommittedSupergraph,
} from './compose.js';

describe('supergraph composition', () => {
  it('composes the four subgraphs into exactly the committed gateway/supergraph.graphql', () => {
    // When this fails: npm run supergraph:compose, and commit gateway/supergraph.graphql.
    expect(composeSupergraph()).toBe(readCommittedSupergraph());
  });

  it('writes the API schema clients generate their types from, without federation machinery', () => {
    // When this fails: npm run supergraph:compose, and commit gateway/schema.graphql.
    const committed = readFileSync(apiSchemaPath(), 'utf8');
    expect(composeGraph().apiSchemaSdl).toBe(committed);
    expect(committed).toContain('type Dataset implements Entity');
    expect(committed).not.toMatch(/join__|link__|_entities|_service/);
  });

  it('joins Dataset from all four subgraphs on its urn key', () => {
    const supergraph = readCommittedSupergraph();
    const dataset = supergraph.slice(
      supergraph.indexOf('type Dataset'),
      supergraph.indexOf('{', supergraph.indexOf('type Dataset')),
    );
    for (const graph of ['DATAHUB', 'DE', 'DA', 'DG'])
      expect(dataset).toContain(`@join__type(graph: ${graph}, key: "urn")`);
  });

  it('reports composition errors instead of writing a broken supergraph', () => {
    // de declares Dataset.name with another type than datahub's String!.
    const broken = parse(
      subgraphSdl('de').replace(/(type Dataset @key\(fields: "urn"\) \{\s*urn: String!)/, '$1\n  name: Int'),
    );
    expect(print(broken)).toMatch(/type Dataset[^}]*name: Int/);
    expect(() => composeSupergraph({ de: broken })).toThrow(CompositionError);
  });
});
