import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplicas, writeDataset, type Replicas } from '@dataspoke/gateway/testing/replicas';

/**
 * Live notifications in Debian's Chromium: the explorer UI, served by a gateway in this process (as
 * `dataspoke start` serves it, from web/dist), subscribes over graphql-ws; a change to the open dataset
 * shows a toast, counts on the Notifications button and reloads the page; a user of another group does not
 * get what is not for it. Screenshots go to test-artifacts/e2e/.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-artifacts/e2e');
const ORDERS = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)';

async function describeDataset(url: string, key: string, description: string) {
  const res = await fetch(`${url}/gms/aspects?action=ingestProposal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      proposal: {
        entityType: 'dataset',
        entityUrn: ORDERS,
        changeType: 'UPSERT',
        aspectName: 'editableDatasetProperties',
        aspect: { value: JSON.stringify({ description }), contentType: 'application/json' },
      },
    }),
  });
  expect(res.status).toBe(200);
}

async function signIn(page: Page, base: string, key: string) {
  await page.goto(`${base}/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /^Notifications/ }).waitFor({ timeout: 30_000 });
}

describe('live notifications in Chromium', () => {
  let replicas: Replicas | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'web/dist/index.html')))
      throw new Error('the UI is not built: run `npm run build -w @dataspoke/web` first');
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install chromium (dev_env/test.sh does)`);
    mkdirSync(SHOTS, { recursive: true });
    replicas = await startReplicas(1, {}, { redis: false });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await replicas?.close();
  }, 60_000);

  it('shows a toast and a count, reloads the open dataset page, and keeps other groups out', async () => {
    const { url, stack } = replicas!.replicas[0]!;
    const engineerKey = await replicas!.key('engineer', ['de']);
    const governanceKey = await replicas!.key('governance', ['dg']);
    await writeDataset(url, engineerKey, ORDERS);
    await describeDataset(url, engineerKey, 'Orders as first loaded.');

    const engineer = await browser!.newPage({ viewport: { width: 1366, height: 900 } });
    const governance = await browser!.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(engineer, url, engineerKey);
    await signIn(governance, url, governanceKey);
    await engineer.goto(`${url}/datasets/${encodeURIComponent(ORDERS)}`);
    await engineer.getByText('Orders as first loaded.').first().waitFor({ timeout: 30_000 });
    // The subscription is up once the socket has been acknowledged; give both pages a moment.
    await engineer.waitForTimeout(1000);

    await describeDataset(url, engineerKey, 'Orders, now with refunds netted out.');
    const toast = engineer.getByRole('status').filter({ hasText: 'shop.public.orders changed' });
    await toast.waitFor({ timeout: 15_000 });
    // The open page shows the new description without a reload by the user.
    await engineer.getByText('Orders, now with refunds netted out.').first().waitFor({ timeout: 15_000 });
    expect(await engineer.getByTestId('notification-count').textContent()).toBe('1');
    await engineer.screenshot({ path: path.join(SHOTS, 'notifications-1-changed.png') });

    await stack.spokeEvents.publish({
      type: 'dataspoke.validation.failed',
      runId: 'run-e2e',
      datasetUrn: ORDERS,
      status: 'fail',
      asOf: Date.now(),
      failedMetrics: ['rowCount'],
      at: Date.now(),
    });
    await engineer
      .getByRole('status')
      .filter({ hasText: 'Validation failed on shop.public.orders' })
      .waitFor({ timeout: 15_000 });
    await expect.poll(() => engineer.getByTestId('notification-count').textContent()).toBe('2');

    await engineer.getByRole('button', { name: /^Notifications/ }).click();
    const list = engineer.getByRole('list', { name: 'Recent notifications' });
    expect(await list.getByRole('listitem').count()).toBe(2);
    await engineer.screenshot({ path: path.join(SHOTS, 'notifications-2-list.png') });

    // Governance heard about the change, not about the validation failure (de and da only).
    await governance.getByRole('status').filter({ hasText: 'shop.public.orders changed' }).waitFor();
    await governance.waitForTimeout(1000);
    expect(await governance.getByTestId('notification-count').textContent()).toBe('1');
    expect(await governance.getByText('Validation failed').count()).toBe(0);
  }, 120_000);
});
