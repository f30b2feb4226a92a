/**
 * The Temporal workflow bundle's entry (the worker's workflowsPath): each workflow type runs the one
 * definition in ../workflows/ with activities proxied to the task queue. It is bundled into Temporal's
 * deterministic sandbox, so it and everything it imports are workflow code (lint bans Node built-ins there).
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { catalogHealthSweep as sweep } from '../workflows/catalog-health-sweep.js';
import { embeddingMaintenance as maintain } from '../workflows/embedding-maintenance.js';
import { metricsCollection as collect } from '../workflows/metrics-collection.js';
import { techSpecIngestion as ingest } from '../workflows/techspec-ingestion.js';
import {
  ACTIVITY_RETRY,
  ACTIVITY_TIMEOUT_MS,
  HEARTBEAT_TIMEOUT_MS,
  RECORD_TIMEOUT_MS,
} from '../workflows/policy.js';
import type {
  RunContext,
  RunOutcome,
  WorkflowActivities,
  WorkflowInput,
  WorkflowName,
} from '../workflows/types.js';

const retry = {
  initialInterval: ACTIVITY_RETRY.initialIntervalMs,
  backoffCoefficient: ACTIVITY_RETRY.backoffCoefficient,
  maximumInterval: ACTIVITY_RETRY.maximumIntervalMs,
  maximumAttempts: ACTIVITY_RETRY.maximumAttempts,
};

const work = proxyActivities<WorkflowActivities>({
  startToCloseTimeout: ACTIVITY_TIMEOUT_MS,
  heartbeatTimeout: HEARTBEAT_TIMEOUT_MS,
  retry,
});
const records = proxyActivities<Pick<WorkflowActivities, 'recordRunStarted' | 'recordRunFinished'>>({
  startToCloseTimeout: RECORD_TIMEOUT_MS,
  retry,
});
// The proxies are Proxy objects (nothing to spread): each activity is taken by name.
const acts: WorkflowActivities = {
  recordRunStarted: records.recordRunStarted,
  recordRunFinished: records.recordRunFinished,
  findDueDatasets: work.findDueDatasets,
  validateDatasets: work.validateDatasets,
  collectCatalogMetrics: work.collectCatalogMetrics,
  maintainEmbeddings: work.maintainEmbeddings,
  runDueIngestions: work.runDueIngestions,
};

function run(workflow: WorkflowName, input: WorkflowInput | undefined): RunContext {
  return {
    id: workflowInfo().workflowId,
    workflow,
    scheduleId: input?.scheduleId ?? null,
    trigger: input?.trigger ?? 'schedule',
    engine: 'temporal',
  };
}

export function catalogHealthSweep(input?: WorkflowInput): Promise<RunOutcome> {
  return sweep(acts, run('catalogHealthSweep', input));
}

export function metricsCollection(input?: WorkflowInput): Promise<RunOutcome> {
  return collect(acts, run('metricsCollection', input));
}

export function embeddingMaintenance(input?: WorkflowInput): Promise<RunOutcome> {
  return maintain(acts, run('embeddingMaintenance', input));
}

export function techSpecIngestion(input?: WorkflowInput): Promise<RunOutcome> {
  return ingest(acts, run('techSpecIngestion', input));
}
