import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox, dataspoke, ROOT } from '../testing/cli.js';

const SHOWCASE = path.join(ROOT, '..', 'shared', 'datahub', 'showcase-ecommerce', 'index.json');

/**
 * A first `dataspoke start` over a catalog proposes documentation in the background, with progress on stderr,
 * so that the review queue is filled without anyone pressing "Propose again"; a restart proposes nothing again.
 */
describe('dataspoke start: documentation proposals on first start', () => {
  const env = { DATASPOKE_DEMO: 'false', DATASPOKE_EMBEDDER: 'none' };
  const sandbox = cliSandbox('dataspoke-cli-docs-', env);

  /** Starts the server; `waitFor` waits for a line on its stderr. */
  const start = async () => {
    const started = await sandbox.start();
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 1200 && !pattern.test(started.stderr()); i++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(started.stderr()).toMatch(pattern);
      return started.stderr();
    };
    return { ...started, waitFor };
  };
  const pendingTotal = async (base: string) => {
    const response = await fetch(`${base}/api/v1/spoke/de/doc-suggestions?status=pending&limit=1`);
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as { total_count: number }).total_count;
  };

  it('fills the review queue once, in the background, and not again on a restart', async () => {
    const imported = dataspoke(['hub', 'import', SHOWCASE], sandbox.dataDir, env);
    // The pack's DataHub Cloud aspects are dropped before sending, as DataHub's datapack loader does; the
    // rest lands.
    expect(imported.stderr).toMatch(/importing: (\d+)\/\1 proposals \(100%\)/);
    expect(imported.status, imported.stderr).toBe(0);

    const first = await start();
    const log = await first.waitFor(/doc suggestions: first start: \d+ suggestions proposed/);
    expect(log).toMatch(/doc suggestions: first start: read \d+\/\d+ datasets \(100%\)/);
    const proposed = Number(/first start: (\d+) suggestions proposed/.exec(log)![1]);
    expect(proposed).toBeGreaterThan(50);
    // Some were proposed already as the import's changes came in (one dataset at a time).
    const pending = await pendingTotal(first.base);
    expect(pending).toBeGreaterThanOrEqual(proposed);
    await first.r.stop();

    const second = await start();
    const again = await second.waitFor(/doc suggestions: proposed before/);
    expect(again).not.toMatch(/doc suggestions: first start/);
    expect(await pendingTotal(second.base)).toBe(pending);
    await second.r.stop();
  }, 360_000);
});
