import { toRest } from './case.js';
import type {
  IngestionConfigsRestQuery,
  IngestionRunRestQuery,
  IngestionRunsRestQuery,
  RunIngestionRestMutation,
  SaveIngestionConfigRestMutation,
} from './generated/operations.js';
import { NotFound, RestInputError, bodyOf, onlyKnownParameters, paging, sort } from './params.js';
import type { RestRoute } from './routes.js';

/** Technical-spec ingestion on the REST facade: the kept configurations, running one, its runs. */

const BASE = '/api/v1/spoke/de/ingestions';

function configName(raw: string | undefined): string {
  if (!raw || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(raw))
    throw new RestInputError('INVALID_NAME', `not an ingestion configuration name: ${JSON.stringify(raw)}`);
  return raw;
}

function runId(raw: string | undefined): string {
  if (!raw || raw.length > 64 || !/^[A-Za-z0-9-]+$/.test(raw))
    throw new RestInputError('INVALID_ID', `not an ingestion run id: ${JSON.stringify(raw)}`);
  return raw;
}

const listConfigs: RestRoute<IngestionConfigsRestQuery> = {
  method: 'GET',
  path: BASE,
  group: 'de',
  operation: 'IngestionConfigsRest',
  variables: (request) => {
    onlyKnownParameters(request.query, ['offset', 'limit', 'sort']);
    sort(request.query, ['name_asc']);
    return paging(request.query);
  },
  respond: (data, variables) => {
    const { offset, limit } = variables as { offset: number; limit: number };
    return {
      ingestions: toRest(data.ingestionConfigs.slice(offset, offset + limit)),
      offset,
      limit,
      total_count: data.ingestionConfigs.length,
    };
  },
};

const saveConfig: RestRoute<SaveIngestionConfigRestMutation> = {
  method: 'POST',
  path: BASE,
  group: 'de',
  operation: 'SaveIngestionConfigRest',
  variables: (request) => {
    onlyKnownParameters(request.query, []);
    const { config } = bodyOf(request, ['config'], '{"config": "name: specs\\nsources: …"}');
    if (typeof config !== 'string' || config.length === 0 || config.length > 100_000)
      throw new RestInputError(
        'INVALID_BODY',
        'config must be the configuration as YAML or JSON text, at most 100,000 characters',
      );
    return { config };
  },
  respond: (data) => toRest(data.saveIngestionConfig),
};

const run: RestRoute<RunIngestionRestMutation> = {
  method: 'POST',
  path: `${BASE}/:name/methods/run`,
  group: 'de',
  operation: 'RunIngestionRest',
  variables: (request) => {
    onlyKnownParameters(request.query, []);
    const { wait } = bodyOf(request, ['wait'], '{"wait": false}');
    if (wait !== undefined && typeof wait !== 'boolean')
      throw new RestInputError('INVALID_BODY', 'wait must be a boolean');
    return { name: configName(request.params.name), ...(wait !== undefined && { wait }) };
  },
  respond: (data) => toRest(data.runIngestion),
};

const listRuns: RestRoute<IngestionRunsRestQuery> = {
  method: 'GET',
  path: `${BASE}/:name/runs`,
  group: 'de',
  operation: 'IngestionRunsRest',
  variables: (request) => {
    onlyKnownParameters(request.query, ['offset', 'limit', 'sort']);
    sort(request.query, ['started_at_desc']);
    return { name: configName(request.params.name), ...paging(request.query) };
  },
  respond: (data) => ({
    runs: toRest(data.ingestionRuns.runs),
    offset: data.ingestionRuns.offset,
    limit: data.ingestionRuns.limit,
    total_count: data.ingestionRuns.totalCount,
  }),
};

const getRun: RestRoute<IngestionRunRestQuery> = {
  method: 'GET',
  path: `${BASE}/:name/runs/:id`,
  group: 'de',
  operation: 'IngestionRunRest',
  variables: (request) => {
    onlyKnownParameters(request.query, []);
    configName(request.params.name);
    return { id: runId(request.params.id) };
  },
  respond: (data, variables) =>
    data.ingestionRun
      ? toRest(data.ingestionRun)
      : new NotFound('INGESTION_RUN_NOT_FOUND', `no ingestion run ${String(variables.id)}`),
};

export const INGESTION_ROUTES: readonly RestRoute<unknown>[] = [
  listConfigs,
  saveConfig,
  run,
  listRuns,
  getRun,
] as RestRoute<unknown>[];
