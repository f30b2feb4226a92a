import { loadConfig } from '@dataspoke/platform/config/config';
import type { WorkflowEngine } from '@dataspoke/workflows/engine';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { openWorkflowEngine } from '../workflow-engine.js';

/**
 * A stack for a server that fuzzes the REST facade, with its in-process workflow engine. Its only schedule is
 * techspec-ingestion, with nothing to ingest, so a triggered run is quick; the others answer
 * SCHEDULE_NOT_FOUND.
 */
export async function openFuzzStack(
  dataDir: string,
): Promise<{ stack: EmbeddedStack; workflows: WorkflowEngine }> {
  const stack = await openEmbeddedStack(
    loadConfig({
      DATASPOKE_DATA_DIR: dataDir,
      DATASPOKE_SCHEDULE_CATALOG_HEALTH_SWEEP: 'off',
      DATASPOKE_SCHEDULE_METRICS_COLLECTION: 'off',
      DATASPOKE_SCHEDULE_EMBEDDING_MAINTENANCE: 'off',
    }),
  );
  return { stack, workflows: await openWorkflowEngine(stack, { runWork: true }) };
}
