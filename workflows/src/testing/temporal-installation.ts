import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';

/**
 * A test's own DataSpoke installation on the shared Temporal dev server: an id prefix and a task queue no
 * other run uses (DATASPOKE_TEMPORAL_ID_PREFIX, DATASPOKE_TEMPORAL_TASK_QUEUE), and `remove()` to leave
 * nothing of it behind (its schedules deleted, its workflows still open terminated).
 */
export interface TemporalTestInstallation {
  idPrefix: string;
  taskQueue: string;
  /** The environment a `dataspoke` process of this installation needs. */
  env: {
    TEMPORAL_ADDRESS: string;
    DATASPOKE_TEMPORAL_ID_PREFIX: string;
    DATASPOKE_TEMPORAL_TASK_QUEUE: string;
  };
  client: Client;
  remove(): Promise<void>;
}

export async function openTemporalTestInstallation(
  address: string,
  name: string,
): Promise<TemporalTestInstallation> {
  const idPrefix = `test-${name}-${randomBytes(4).toString('hex')}-`;
  const taskQueue = `${idPrefix}queue`;
  const client = new Client({ connection: await Connection.connect({ address }) });
  return {
    idPrefix,
    taskQueue,
    env: {
      TEMPORAL_ADDRESS: address,
      DATASPOKE_TEMPORAL_ID_PREFIX: idPrefix,
      DATASPOKE_TEMPORAL_TASK_QUEUE: taskQueue,
    },
    client,
    async remove() {
      try {
        for await (const s of client.schedule.list())
          if (s.scheduleId.startsWith(idPrefix)) await client.schedule.getHandle(s.scheduleId).delete();
        const open = client.workflow.list({
          query: `WorkflowId STARTS_WITH '${idPrefix}' AND ExecutionStatus = 'Running'`,
        });
        for await (const w of open)
          await client.workflow
            .getHandle(w.workflowId, w.runId)
            .terminate('the test that started it ended')
            .catch(() => undefined);
      } finally {
        await client.connection.close();
      }
    },
  };
}
