import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  getVariableValues,
  Kind,
  parse,
  validate,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedHubSchema, loadDatahubGraphql } from '@dataspoke/hub/testing/datahub-graphql';
import type { HubPort } from '../../ports/hub-port.js';
import { createGmsHubPort } from './gms-hub-port.js';

/**
 * Every GraphQL document the GMS adapter can send to DataHub validates against DataHub's own schema, with its
 * variables. The documents are not copied out of the adapter: they are what it sends, recorded by a small HTTP
 * server standing in for GMS while the test calls every HubPort method in each of its variants (selections,
 * history parts, schema depths, filters, facets, scroll ids, batches over DataHub's 1,000-urn limit).
 * Contract-tested against DataHub's schema files, since no GMS runs here.
 */

const datahub = loadDatahubGraphql();
if (datahub.absent) console.warn(`[skip] the GMS adapter's documents against DataHub's: ${datahub.absent}`);

interface Recorded {
  variant: string;
  method: string;
  url: string;
  authorization: string | undefined;
  query: string;
  variables: Record<string, unknown>;
}

const ds = (name: string) => `urn:li:dataset:(urn:li:dataPlatform:snowflake,${name},PROD)`;
const URNS = [ds('sales.orders'), ds('sales.customers')];
const MANY = Array.from({ length: 1001 }, (_, i) => ds(`sales.t${i}`));
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);
/** Schema depths around and across the adapter's bounds (1 to 10 earlier versions): each is its own document. */
const DEPTHS = Array.from({ length: 12 }, (_, i) => i);

type Call = (port: HubPort) => Promise<unknown>;

/** Every method of the port (the type makes a new one fail to compile until it is listed), in its variants. */
const CALLS: { [M in Exclude<keyof HubPort, 'kind'>]: Record<string, Call> } = {
  getDatasets: {
    'two urns': (p) => p.getDatasets(URNS),
    '1,001 urns in two batches': (p) => p.getDatasets(MANY),
  },
  getRelated: {
    'glossary relations and data product assets': (p) =>
      p.getRelated(
        ['urn:li:glossaryTerm:Classification.Email', 'urn:li:dataProduct:orders'],
        ['IsA', 'HasA', 'IsRelatedTo', 'DataProductContains'],
      ),
  },
  getEntities: {
    'entities of every served type': (p) =>
      p.getEntities([
        'urn:li:corpuser:alice',
        'urn:li:corpGroup:data-eng',
        'urn:li:glossaryTerm:Classification.Email',
        'urn:li:glossaryNode:Classification',
        'urn:li:domain:sales',
        'urn:li:dataProduct:orders',
        'urn:li:tag:PII',
        'urn:li:dataPlatform:snowflake',
        'urn:li:container:salesdb',
        'urn:li:dataJob:(urn:li:dataFlow:(airflow,etl,PROD),load)',
        'urn:li:dataFlow:(airflow,etl,PROD)',
        'urn:li:chart:(looker,orders_by_day)',
        'urn:li:dashboard:(looker,sales)',
      ]),
  },
  getLineage: {
    upstream: (p) => p.getLineage(URNS, 'UPSTREAM'),
    downstream: (p) => p.getLineage(URNS, 'DOWNSTREAM'),
  },
  getOperations: {
    'no range': (p) => p.getOperations(URNS, {}),
    'range and limit': (p) =>
      p.getOperations(URNS, { startTimeMillis: NOW - 30 * DAY, endTimeMillis: NOW, limit: 50 }),
  },
  getProfiles: {
    'default selection': (p) => p.getProfiles(URNS, { limit: 10 }),
    'table-level only': (p) => p.getProfiles(URNS, { startTimeMillis: NOW - DAY }, { fieldProfiles: false }),
    'with sample values': (p) => p.getProfiles(URNS, {}, { sampleValues: true }),
    'column profiles without sample values': (p) =>
      p.getProfiles(URNS, { endTimeMillis: NOW }, { fieldProfiles: true, sampleValues: false }),
  },
  getDatasetOutlines: { 'two urns': (p) => p.getDatasetOutlines(URNS) },
  getDatasetHistories: Object.fromEntries(
    Object.entries({
      none: undefined,
      whole: { limit: 5 },
      'table-level': { startTimeMillis: NOW - DAY, endTimeMillis: NOW, fieldProfiles: false },
      sampled: { limit: 3, sampleValues: true },
    }).flatMap(([profilesName, profiles]) =>
      Object.entries({ none: undefined, some: { startTimeMillis: NOW - 7 * DAY, limit: 20 } }).flatMap(
        ([operationsName, operations]) =>
          [undefined, ...DEPTHS].map((schemaDepth) => [
            `profiles ${profilesName}, operations ${operationsName}, schema depth ${schemaDepth ?? 'none'}`,
            (p: HubPort) =>
              p.getDatasetHistories(URNS, {
                ...(profiles && { profiles }),
                ...(operations && { operations }),
                ...(schemaDepth !== undefined && { schemaDepth }),
              }),
          ]),
      ),
    ),
  ),
  getSchemaHistory: Object.fromEntries(
    DEPTHS.map((depth) => [`depth ${depth}`, (p: HubPort) => p.getSchemaHistory(URNS, depth)]),
  ),
  search: {
    'keywords only': (p) => p.search({ types: ['DATASET'], query: 'orders', start: 0, count: 10 }),
    'several types, empty filters': (p) =>
      p.search({ types: ['DATASET', 'DASHBOARD', 'CHART'], query: '*', start: 20, count: 20, filters: [] }),
    filters: (p) =>
      p.search({
        types: ['DATASET'],
        query: '*',
        start: 0,
        count: 10,
        filters: [
          { field: 'platform', values: ['urn:li:dataPlatform:snowflake'] },
          { field: 'tags', values: ['urn:li:tag:PII'], condition: 'EQUAL', negated: true },
          { field: 'name', values: ['ord'], condition: 'CONTAIN' },
        ],
      }),
    facets: (p) => p.search({ types: ['DATASET'], query: '*', start: 0, count: 0, facets: true }),
    'filters and facets': (p) =>
      p.search({
        types: ['DATASET'],
        query: 'orders',
        start: 0,
        count: 10,
        facets: true,
        filters: [{ field: 'domains', values: ['urn:li:domain:sales'] }],
      }),
  },
  scrollDatasets: {
    'first page': (p) => p.scrollDatasets({ count: 100 }),
    'next page': (p) => p.scrollDatasets({ scrollId: 'opaque-scroll-id', count: 100 }),
  },
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function operationOf(query: string): OperationDefinitionNode {
  const operation = parse(query).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) throw new Error(`no operation in ${query}`);
  return operation;
}

/** The least a GMS would answer: no entities, empty result pages. */
function minimalData(query: string, variables: Record<string, unknown>): Record<string, unknown> | null {
  const root = operationOf(query).selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  switch (root?.name.value) {
    case 'entities':
      return { entities: (variables.urns as unknown[]).map(() => null) };
    case 'searchAcrossEntities':
      return { searchAcrossEntities: { start: 0, count: 0, total: 0, searchResults: [], facets: [] } };
    case 'scrollAcrossEntities':
      return { scrollAcrossEntities: { nextScrollId: null, total: 0, searchResults: [] } };
    default:
      return null;
  }
}

describe.skipIf(datahub.schema === null)(
  "GMS adapter's GraphQL documents against DataHub's schema (contract)",
  () => {
    const recorded: Recorded[] = [];
    let variant = '';
    let server: Server;
    let port: HubPort;

    beforeAll(async () => {
      server = createServer((request, response) => {
        void readBody(request).then((body) => {
          const { query, variables } = JSON.parse(body) as {
            query: string;
            variables?: Record<string, unknown>;
          };
          recorded.push({
            variant,
            method: request.method ?? '',
            url: request.url ?? '',
            authorization: request.headers.authorization,
            query,
            variables: variables ?? {},
          });
          const data = minimalData(query, variables ?? {});
          response.setHeader('content-type', 'application/json');
          response.end(
            JSON.stringify(data ? { data } : { errors: [{ message: 'the recording server has no answer' }] }),
          );
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port: tcp } = server.address() as AddressInfo;
      port = createGmsHubPort({ url: `http://127.0.0.1:${tcp}/`, token: 'contract-test', retries: 0 });
      for (const [method, variants] of Object.entries(CALLS))
        for (const [name, call] of Object.entries(variants)) {
          variant = `${method}: ${name}`;
          const before = recorded.length;
          await call(port);
          expect(recorded.length, `${variant} sent no request`).toBeGreaterThan(before);
        }
      const documents = new Set(recorded.map((r) => r.query)).size;
      console.info(
        `[gms documents] ${recorded.length} requests, ${documents} distinct documents, from ${Object.keys(CALLS).length} port methods`,
      );
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });

    it('sent every request as a POST to /api/graphql with the token', () => {
      expect(new Set(recorded.map((r) => `${r.method} ${r.url} ${r.authorization}`))).toEqual(
        new Set(['POST /api/graphql Bearer contract-test']),
      );
      // Batches of at most 1,000 urns, as DataHub accepts.
      const batches = recorded.filter((r) => r.variant === 'getDatasets: 1,001 urns in two batches');
      expect(batches.map((r) => (r.variables.urns as unknown[]).length)).toEqual([1000, 1]);
    });

    const check = (schemaOf: () => GraphQLSchema) => () => {
      const schema = schemaOf();
      const problems: string[] = [];
      for (const r of recorded) {
        const errors = validate(schema, parse(r.query)).map((e) => e.message);
        const coerced = getVariableValues(
          schema,
          operationOf(r.query).variableDefinitions ?? [],
          r.variables,
        );
        errors.push(...(coerced.errors ?? []).map((e) => `variables: ${e.message}`));
        if (errors.length > 0) problems.push(`${r.variant}:\n  ${errors.join('\n  ')}\n${r.query}`);
      }
      expect(problems.join('\n\n')).toBe('');
    };

    it(
      "validates every document and its variables against DataHub's schema",
      check(() => datahub.schema!),
    );

    it(
      "validates every document and its variables against the embedded hub's schema",
      check(embeddedHubSchema),
    );
  },
);
