import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@dataspoke/platform/config/config';
import { ValidationService } from '@dataspoke/domain/de/validation/service';
import type { Notification } from '@dataspoke/domain/shared/notifications/notification';
import { openEmbeddedStack, type EmbeddedStack } from './embedded-stack.js';

const ORDERS = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)';
const DAY = 24 * 3600 * 1000;

/**
 * The composition root wires the validation trigger to the hub's change events: a new profile of a dataset
 * is judged as it arrives, the run is stored, and a failure is notified; history being loaded is not judged.
 */
describe('validation when a new observation arrives', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-validate-on-change-'));
  let stack: EmbeddedStack | undefined;
  afterAll(async () => {
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a run after a new profile, and notifies its failure', async () => {
    stack = await openEmbeddedStack(
      loadConfig({ DATASPOKE_DATA_DIR: dataDir, DATASPOKE_DEMO: 'false', DATASPOKE_EMBEDDER: 'none' }),
      {
        log: () => undefined,
      },
    );
    const notified: Notification[] = [];
    stack.notifications.feed.subscribe((n) => notified.push(n));
    const validator = new ValidationService({ hub: stack.hubPort, store: stack.store });
    const now = Date.now();
    const profile = (daysAgo: number, rowCount: number) => ({
      entityType: 'dataset',
      entityUrn: ORDERS,
      changeType: 'UPSERT' as const,
      aspectName: 'datasetProfile',
      aspect: { timestampMillis: now - daysAgo * DAY, rowCount, columnCount: 3 },
    });
    // Thirty days of a steadily growing table: history, loaded at once, judged by nobody.
    await stack.hub.ingest([
      {
        entityType: 'dataset',
        entityUrn: ORDERS,
        changeType: 'UPSERT',
        aspectName: 'datasetProperties',
        aspect: { name: 'orders', customProperties: {} },
      },
      ...Array.from({ length: 30 }, (_, i) => profile(31 - i, 100_000 + (30 - (31 - i)) * 1_000)),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect((await validator.history(ORDERS)).total).toBe(0);

    // Today's profile: the table lost nine rows in ten.
    await stack.hub.ingest([profile(0, 13_000)]);
    const deadline = Date.now() + 30_000;
    while ((await validator.history(ORDERS)).total === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const { runs } = await validator.history(ORDERS);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('fail');
    while (!notified.some((n) => n.kind === 'VALIDATION_FAILED') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(notified.filter((n) => n.kind === 'VALIDATION_FAILED').map((n) => n.datasetUrn)).toEqual([ORDERS]);
  }, 60_000);
});
