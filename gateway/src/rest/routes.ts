import type { Group } from '@dataspoke/domain/auth/identity';
import { fromRest, toRest } from './case.js';
import { DOC_SUGGESTION_ROUTES } from './doc-suggestion-routes.js';
import { INGESTION_ROUTES } from './ingestion-routes.js';
import { METRICS_ROUTES } from './metrics-routes.js';
import { WORKFLOW_RUN_ROUTES } from './workflow-run-routes.js';
import type {
  DaDatasetAttrsQuery,
  DaDatasetValidationQuery,
  DaSearchQuery,
  DeDatasetAttrsQuery,
  DeLatestValidationsQuery,
  DeValidateDatasetMutation,
  DeValidationEventsQuery,
  DgDatasetAttrsQuery,
  DgOverviewQuery,
  DgSummaryQuery,
  ValidationStatus,
} from './generated/operations.js';
import {
  NotFound,
  RestInputError,
  datasetUrn,
  flag,
  list,
  onlyKnownParameters,
  paging,
  sort,
  text,
  time,
  timeRange,
  type Query,
} from './params.js';

/**
 * The REST facade's routes (spec/rest-conventions.md): each names the group that may call it, the named
 * GraphQL operation it executes (operations.graphql), how its parameters become that operation's variables,
 * and how the operation's data becomes the response. A null dataset is 404 DATASET_NOT_FOUND.
 */
export interface RestRequest {
  params: Record<string, string | undefined>;
  query: Query;
  body: unknown;
}

/** A route over an operation whose data has the generated type `D` (gateway/src/rest/generated). */
export interface RestRoute<D = never> {
  method: 'GET' | 'POST';
  /** fastify path; `:urn` is a URL-encoded dataset urn. */
  path: string;
  group: Group;
  operation: string;
  variables(request: RestRequest): Record<string, unknown>;
  respond(data: D, variables: Record<string, unknown>): unknown;
  /** The response as CSV, for a caller that asks for `text/csv`; absent: JSON only. */
  csv?(body: unknown): string;
}

/** Ties a route to its operation's data type; the table below holds routes of every type. */
function route<D>(r: RestRoute<D>): RestRoute<unknown> {
  return r;
}

type DatasetOf<D extends { dataset: unknown }> = NonNullable<D['dataset']>;
type Owned = {
  ownership: {
    owners: { owner: { urn?: string } | Record<string, never>; type: string | null }[] | null;
  } | null;
};

const DATASET = '/api/v1/spoke/:group/datasets/:urn';
const at = (group: Group, suffix: string) => DATASET.replace(':group', group) + suffix;

function datasetOr404<T>(dataset: T | null, urn: unknown): T | NotFound {
  return dataset ?? new NotFound('DATASET_NOT_FOUND', `DataHub has no dataset ${String(urn)}`);
}

function respondWithDataset<D extends { dataset: unknown }>(shape: (dataset: DatasetOf<D>) => unknown) {
  return (data: D, variables: Record<string, unknown>) => {
    const dataset = datasetOr404((data.dataset ?? null) as DatasetOf<D> | null, variables.urn);
    return dataset instanceof NotFound ? dataset : toRest(shape(dataset));
  };
}

const urnOnly = (request: RestRequest, known: readonly string[] = []) => {
  onlyKnownParameters(request.query, known);
  return { urn: datasetUrn(request.params.urn) };
};

const owners = (d: Owned) =>
  (d.ownership?.owners ?? []).map((o) => ({ urn: ('urn' in o.owner && o.owner.urn) || null, type: o.type }));
const termUrns = (d: { glossaryTerms: { terms: { term: { urn: string } }[] | null } | null }) =>
  (d.glossaryTerms?.terms ?? []).map((t) => t.term.urn);

/** `observations` in a validate body: snake_case keys, as everywhere in the facade. */
function validateBody(body: unknown): { observations?: unknown } {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new RestInputError(
      'INVALID_BODY',
      'the body must be a JSON object such as {"observations": {"row_count": 1200}}',
    );
  }
  const { observations, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new RestInputError(
      'INVALID_BODY',
      `unknown body field(s) ${unknown.join(', ')}; expected observations`,
    );
  return observations === undefined ? {} : { observations: fromRest(observations) };
}

const VALIDATION_STATUSES = ['pass', 'warn', 'fail', 'insufficient_history'] as const;

/** `status=fail`, repeated or comma-separated, any case: the GraphQL enum values. */
function validationStatuses(query: Query): ValidationStatus[] | undefined {
  const values = list(query, 'status')?.map((v) => v.toLowerCase());
  if (values === undefined) return undefined;
  const unknown = values.filter((v) => !(VALIDATION_STATUSES as readonly string[]).includes(v));
  if (unknown.length > 0)
    throw new RestInputError(
      'INVALID_STATUS',
      `status must be among ${VALIDATION_STATUSES.join(', ')}, got ${unknown.map((v) => JSON.stringify(v)).join(', ')}`,
    );
  return [...new Set(values)].map((v) => v.toUpperCase() as ValidationStatus);
}

const validation = (
  group: Group,
  operation: 'DeValidateDataset' | 'DaDatasetValidation',
  readOnly: boolean,
): RestRoute<unknown> => ({
  method: 'POST',
  path: at(group, '/methods/validate'),
  group,
  operation,
  variables: (request) => {
    const known = readOnly ? ['as_of'] : ['as_of', 'dry_run'];
    const { urn } = urnOnly(request, known);
    const asOf = time(request.query, 'as_of', 'INVALID_AS_OF');
    const dryRun = readOnly ? undefined : flag(request.query, 'dry_run');
    const body = readOnly ? {} : validateBody(request.body);
    if (
      readOnly &&
      request.body !== undefined &&
      request.body !== null &&
      Object.keys(request.body).length > 0
    ) {
      throw new RestInputError(
        'INVALID_BODY',
        'the da validation is a read: it takes as_of and no body; dry runs with observations are de',
      );
    }
    return { urn, ...(asOf !== undefined && { asOf }), ...(dryRun !== undefined && { dryRun }), ...body };
  },
  respond: readOnly
    ? respondWithDataset<DaDatasetValidationQuery>((d) => d.validation)
    : (data) => toRest((data as DeValidateDatasetMutation).validateDataset),
});

export const REST_ROUTES: readonly RestRoute<unknown>[] = [
  route<DeDatasetAttrsQuery>({
    method: 'GET',
    path: at('de', '/attrs'),
    group: 'de',
    operation: 'DeDatasetAttrs',
    variables: (request) => urnOnly(request),
    respond: respondWithDataset<DeDatasetAttrsQuery>((d) => ({
      urn: d.urn,
      name: d.name,
      platform: d.platform?.name,
      freshness: d.freshness,
      technicalSpec: d.technicalSpec,
    })),
  }),
  validation('de', 'DeValidateDataset', false),
  route<DeLatestValidationsQuery>({
    method: 'GET',
    path: '/api/v1/spoke/de/validations',
    group: 'de',
    operation: 'DeLatestValidations',
    variables: (request) => {
      const q = request.query;
      onlyKnownParameters(q, ['status', 'offset', 'limit', 'sort']);
      sort(q, ['validated_at_desc']);
      const status = validationStatuses(q);
      return { ...(status && { status }), ...paging(q) };
    },
    respond: (data) => {
      const page = data.latestValidations;
      return {
        validations: toRest(page.runs.map((r) => r.validation)),
        offset: page.offset,
        limit: page.limit,
        total_count: page.totalCount,
      };
    },
  }),
  route<DeValidationEventsQuery>({
    method: 'GET',
    path: at('de', '/events'),
    group: 'de',
    operation: 'DeValidationEvents',
    variables: (request) => {
      const { urn } = urnOnly(request, ['offset', 'limit', 'from', 'to', 'sort']);
      sort(request.query, ['validated_at_desc']);
      return { urn, ...paging(request.query), ...timeRange(request.query) };
    },
    respond: (data, variables) => {
      const dataset = datasetOr404(data.dataset, variables.urn);
      if (dataset instanceof NotFound) return dataset;
      const page = data.validationHistory;
      return {
        events: toRest(page.runs),
        offset: page.offset,
        limit: page.limit,
        total_count: page.totalCount,
      };
    },
  }),
  route<DaDatasetAttrsQuery>({
    method: 'GET',
    path: at('da', '/attrs'),
    group: 'da',
    operation: 'DaDatasetAttrs',
    variables: (request) => urnOnly(request),
    respond: respondWithDataset<DaDatasetAttrsQuery>((d) => ({
      urn: d.urn,
      name: d.name,
      platform: d.platform?.name,
      // The edited description overrides the ingested one unless it is empty, as in DataHub's UI.
      description: d.editableProperties?.description || (d.properties?.description ?? null),
      qualifiedName: d.properties?.qualifiedName ?? null,
      fields: d.schemaMetadata?.fields ?? [],
      owners: owners(d),
      domain: d.domain?.domain
        ? { urn: d.domain.domain.urn, name: d.domain.domain.properties?.name ?? null }
        : null,
      tags: (d.tags?.tags ?? []).map((t) => t.tag.urn),
      terms: termUrns(d),
    })),
  }),
  validation('da', 'DaDatasetValidation', true),
  route<DaSearchQuery>({
    method: 'GET',
    path: '/api/v1/spoke/da/search',
    group: 'da',
    operation: 'DaSearch',
    variables: (request) => {
      const q = request.query;
      onlyKnownParameters(q, [
        'q',
        'offset',
        'limit',
        'sort',
        'platform',
        'domain',
        'tag',
        'term',
        'owner',
        'layer',
      ]);
      sort(q, ['score_desc']);
      const filters = Object.fromEntries(
        (
          [
            ['platforms', 'platform'],
            ['domains', 'domain'],
            ['tags', 'tag'],
            ['terms', 'term'],
            ['owners', 'owner'],
            ['layers', 'layer'],
          ] as const
        )
          .map(([field, param]) => [field, list(q, param)] as const)
          .filter(([, values]) => values !== undefined),
      );
      return {
        query: text(q, 'q', { required: true, max: 1000 }),
        ...(Object.keys(filters).length > 0 && { filters }),
        ...paging(q),
      };
    },
    respond: (data) => {
      const page = data.search;
      return {
        datasets: toRest(page.results.map(({ dataset, ...result }) => ({ urn: dataset.urn, ...result }))),
        understood: toRest(page.understood),
        warnings: page.warnings,
        offset: page.offset,
        limit: page.limit,
        total_count: page.total,
      };
    },
  }),
  route<DgDatasetAttrsQuery>({
    method: 'GET',
    path: at('dg', '/attrs'),
    group: 'dg',
    operation: 'DgDatasetAttrs',
    variables: (request) => urnOnly(request),
    respond: respondWithDataset<DgDatasetAttrsQuery>((d) => ({
      urn: d.urn,
      name: d.name,
      documentationCoverage: d.documentationCoverage,
      owners: owners(d),
      domain: d.domain?.domain?.urn ?? null,
      terms: termUrns(d),
    })),
  }),
  route<DgSummaryQuery>({
    method: 'GET',
    path: '/api/v1/spoke/dg/summary',
    group: 'dg',
    operation: 'DgSummary',
    variables: (request) => {
      onlyKnownParameters(request.query, []);
      return {};
    },
    respond: (data) => toRest(data.catalogSummary),
  }),
  route<DgOverviewQuery>({
    method: 'GET',
    path: '/api/v1/spoke/dg/overview',
    group: 'dg',
    operation: 'DgOverview',
    variables: (request) => {
      onlyKnownParameters(request.query, ['perspective', 'domain']);
      const perspective = (
        text(request.query, 'perspective', { required: false, max: 20 }) ?? 'medallion'
      ).toUpperCase();
      if (perspective !== 'MEDALLION' && perspective !== 'TAXONOMY')
        throw new RestInputError(
          'UNKNOWN_PERSPECTIVE',
          `perspective must be medallion or taxonomy, got ${JSON.stringify(request.query.perspective)}`,
        );
      const domain = text(request.query, 'domain', { required: false, max: 1000 });
      return { perspective, ...(domain && { domain }) };
    },
    respond: (data) => {
      const { readAt, ...overview } = data.overview;
      return toRest({ ...overview, readAt: new Date(readAt).toISOString() });
    },
  }),
  ...DOC_SUGGESTION_ROUTES,
  ...INGESTION_ROUTES,
  ...METRICS_ROUTES,
  ...WORKFLOW_RUN_ROUTES,
];
