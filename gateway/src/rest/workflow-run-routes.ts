import { toRest } from './case.js';
import type {
  TriggerWorkflowRunRestMutation,
  WorkflowName,
  WorkflowRunRestQuery,
  WorkflowRunsRestQuery,
  WorkflowRunStatus,
} from './generated/operations.js';
import { NotFound, RestInputError, list, onlyKnownParameters, paging, sort } from './params.js';
import type { RestRoute } from './routes.js';

/** The scheduled workflows on the REST facade: their runs, and a run started now. */

const RUNS = '/api/v1/spoke/de/workflow-runs';
const WORKFLOW_NAMES: readonly WorkflowName[] = [
  'CATALOG_HEALTH_SWEEP',
  'METRICS_COLLECTION',
  'EMBEDDING_MAINTENANCE',
  'TECHSPEC_INGESTION',
];
const RUN_STATUSES: readonly WorkflowRunStatus[] = ['RUNNING', 'COMPLETED', 'FAILED'];

/** The values of a parameter (repeated or comma-separated, any case) among `allowed`. */
function oneOf<T extends string>(
  values: string[] | undefined,
  name: string,
  allowed: readonly T[],
  code: string,
): T[] | undefined {
  if (values === undefined) return undefined;
  const upper = values.map((v) => v.toUpperCase());
  const unknown = upper.filter((v) => !(allowed as readonly string[]).includes(v));
  if (unknown.length > 0)
    throw new RestInputError(
      code,
      `${name} must be among ${allowed.map((a) => a.toLowerCase()).join(', ')}, got ${unknown
        .map((v) => JSON.stringify(v.toLowerCase()))
        .join(', ')}`,
    );
  return upper as T[];
}

function runId(raw: string | undefined): string {
  if (!raw || raw.length > 200 || !/^[A-Za-z0-9._:-]+$/.test(raw))
    throw new RestInputError('INVALID_ID', `not a workflow run id: ${JSON.stringify(raw)}`);
  return raw;
}

function scheduleId(raw: string | undefined): string {
  if (!raw || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(raw))
    throw new RestInputError('INVALID_SCHEDULE', `not a schedule id: ${JSON.stringify(raw)}`);
  return raw;
}

const listRuns: RestRoute<WorkflowRunsRestQuery> = {
  method: 'GET',
  path: RUNS,
  group: 'de',
  operation: 'WorkflowRunsRest',
  variables: (request) => {
    onlyKnownParameters(request.query, ['workflow', 'status', 'offset', 'limit', 'sort']);
    sort(request.query, ['started_at_desc']);
    const workflows = oneOf(list(request.query, 'workflow'), 'workflow', WORKFLOW_NAMES, 'INVALID_WORKFLOW');
    if (workflows && workflows.length > 1)
      throw new RestInputError('INVALID_WORKFLOW', 'workflow takes one workflow name');
    const status = oneOf(list(request.query, 'status'), 'status', RUN_STATUSES, 'INVALID_STATUS');
    return {
      ...(workflows && { workflow: workflows[0] }),
      ...(status && { status }),
      ...paging(request.query),
    };
  },
  respond: (data) => ({
    runs: toRest(data.workflowRuns.runs),
    offset: data.workflowRuns.offset,
    limit: data.workflowRuns.limit,
    total_count: data.workflowRuns.totalCount,
  }),
};

const getRun: RestRoute<WorkflowRunRestQuery> = {
  method: 'GET',
  path: `${RUNS}/:id`,
  group: 'de',
  operation: 'WorkflowRunRest',
  variables: (request) => {
    onlyKnownParameters(request.query, []);
    return { id: runId(request.params.id) };
  },
  respond: (data, variables) =>
    data.workflowRun
      ? toRest(data.workflowRun)
      : new NotFound('WORKFLOW_RUN_NOT_FOUND', `no workflow run ${String(variables.id)}`),
};

const trigger: RestRoute<TriggerWorkflowRunRestMutation> = {
  method: 'POST',
  path: '/api/v1/spoke/de/schedules/:schedule/methods/trigger',
  group: 'de',
  operation: 'TriggerWorkflowRunRest',
  variables: (request) => {
    onlyKnownParameters(request.query, []);
    const body = request.body;
    if (
      body !== undefined &&
      body !== null &&
      body !== '' &&
      (typeof body !== 'object' || Object.keys(body).length > 0)
    )
      throw new RestInputError('INVALID_BODY', 'a trigger takes no body (or an empty JSON object)');
    return { schedule: scheduleId(request.params.schedule) };
  },
  respond: (data) => toRest(data.triggerWorkflowRun),
};

export const WORKFLOW_RUN_ROUTES: readonly RestRoute<unknown>[] = [
  listRuns,
  getRun,
  trigger,
] as RestRoute<unknown>[];
