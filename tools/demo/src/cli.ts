#!/usr/bin/env node
/**
 * `dataspoke-demo load`: loads the generated demo catalog into the configured embedded store when it is empty
 * (the first start), then waits until the search index has it. dev_env/start.sh runs it before
 * `dataspoke start`; the product itself never imports the demo. Configured by the same environment as the
 * product (DATASPOKE_DATA_DIR, DATABASE_URL, DATASPOKE_DEMO, DATASPOKE_DEMO_SEED).
 */
import { openEmbeddedStack } from '@dataspoke/gateway/embedded-stack';
import { loadConfig } from '@dataspoke/platform/config/config';
import { loadDemoCatalogOnFirstStart } from './first-start.js';

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'load';
  if (command !== 'load') {
    process.stderr.write(`usage: dataspoke-demo load\n`);
    process.exitCode = 2;
    return;
  }
  const stack = await openEmbeddedStack(loadConfig(process.env), { prepareSearch: false });
  try {
    let lastPercent = -1;
    const demo = await loadDemoCatalogOnFirstStart(stack, (done, total) => {
      const percent = Math.floor((done / Math.max(total, 1)) * 100);
      if (percent >= lastPercent + 10 || done === total) {
        lastPercent = percent;
        process.stderr.write(`loading demo catalog: ${done}/${total} proposals (${percent}%)\n`);
      }
    });
    if (!demo.loaded) {
      process.stderr.write(`demo catalog: not loaded (${demo.reason})\n`);
      return;
    }
    process.stderr.write(
      `demo catalog loaded: ${demo.proposals} proposals, ${demo.failed} failed; planted incidents in ${demo.incidentsFile}\n`,
    );
    process.stderr.write('demo catalog: indexing it for search\n');
    await stack.drainSearch();
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`dataspoke-demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
