import { ValidationService } from '@dataspoke/domain/de/validation/service';
import { createActivities, type ActivityContext } from '@dataspoke/workflows/activities';
import {
  embeddedActivityContext,
  EmbeddedWorkflowEngine,
} from '@dataspoke/workflows/embedded/embedded-engine';
import type { WorkflowEngine } from '@dataspoke/workflows/engine';
import { WorkflowRunLog } from '@dataspoke/workflows/run-log';
import { configuredSchedules } from '@dataspoke/workflows/schedules';
import {
  temporalActivityContext,
  TemporalWorkflowEngine,
} from '@dataspoke/workflows/temporal/temporal-engine';
import type { EmbeddedStack } from './embedded-stack.js';

/**
 * The composition root of scheduled work: the activities over this process's stack, and the engine the
 * configuration names (Temporal with TEMPORAL_ADDRESS, else in process over the operational store).
 * `runWork: false` makes a client only (the schedules CLI under Temporal): no worker is started.
 */
export async function openWorkflowEngine(
  stack: EmbeddedStack,
  options: { runWork: boolean; log?: (line: string) => void },
): Promise<WorkflowEngine> {
  const config = stack.config.workflows;
  const schedules = configuredSchedules(config);
  const runs = new WorkflowRunLog(stack.store);
  const activities = (context: () => ActivityContext) =>
    createActivities({
      store: stack.store,
      hub: stack.hubPort,
      validator: new ValidationService({ hub: stack.hubPort, store: stack.store, events: stack.spokeEvents }),
      searchIndexer: stack.search.indexer,
      techSpec: stack.techSpec,
      runs,
      events: stack.spokeEvents,
      layers: () => stack.overview.layers(),
      questionRetentionDays: stack.config.search.questionRetentionDays,
      context,
    });
  if (config.temporalAddress)
    return TemporalWorkflowEngine.connect({
      config,
      schedules,
      ...(options.runWork && { activities: activities(temporalActivityContext) }),
      ...(options.log && { log: options.log }),
    });
  return new EmbeddedWorkflowEngine({
    store: stack.store,
    activities: activities(embeddedActivityContext),
    runs,
    schedules,
    ...(options.log && { log: options.log }),
  });
}
