import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '@dataspoke/platform/testing/free-port';

/**
 * The explorer UI end to end, in Debian's Chromium, against the stack started the way dev_env/start.sh starts
 * it: the demo loader (`node tools/demo/dist/cli.js load`) then the built CLI (`node gateway/dist/cli.js start`) on a fresh data dir, so the demo catalog loads and an
 * admin key is written. The walk: sign in, the portal, search, a dataset page, a validation, technical-spec
 * ingestion. Screenshots go to test-artifacts/e2e/ (gitignored).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(ROOT, 'gateway/dist/cli.js');
const DEMO_CLI = path.join(ROOT, 'tools/demo/dist/cli.js');
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-artifacts/e2e');
const REVENUE = 'acme_dw.gold_us.daily_revenue_by_store';

/** Loads the demo catalog as dev_env/start.sh does, then starts the CLI and waits for its "is running" banner. */
async function startStack(
  dataDir: string,
  port: number,
): Promise<{ child: ChildProcess; output: () => string }> {
  const env = {
    ...process.env,
    DATASPOKE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // The metrics test starts the collection itself: the daily 02:00 tick falling inside a run must not beat it
    // (an interval counts from the start; `off` would remove the schedule the test triggers).
    DATASPOKE_SCHEDULE_METRICS_COLLECTION: 'every 30d',
  };
  await new Promise<void>((resolve, reject) => {
    const demo = spawn(process.execPath, [DEMO_CLI, 'load'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    demo.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    demo.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`dataspoke-demo exited with ${code}:\n${err}`)),
    );
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'start', '--port', String(port)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('DataSpoke is running')) resolve({ child, output: () => out });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`dataspoke start exited with ${code}:\n${out}`)));
  });
}

/** The page fits a tablet's width (768 px) without sideways scrolling; a screenshot is kept as evidence. */
async function checkTabletWidth(page: Page, shot: string): Promise<void> {
  await page.setViewportSize({ width: 768, height: 1024 });
  // Charts re-measure after the resize event (ResizeObserver), so give the layout a moment to settle.
  const fits = await page
    .waitForFunction('document.documentElement.scrollWidth <= window.innerWidth', undefined, {
      timeout: 5_000,
    })
    .then(() => true)
    .catch(() => false);
  // When it does not fit, name the widest offenders so the failure says what to fix.
  const offenders = fits
    ? ''
    : await page.evaluate(`[...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(-5)
        .map((e) => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right))
        .join(', ')`);
  expect(fits, `${shot}: the page scrolls sideways at 768 px: ${String(offenders)}`).toBe(true);
  await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
}

describe('explorer UI in Chromium', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-e2e-'));
  let stack: ChildProcess | undefined;
  let stackOutput: () => string = () => '';
  let browser: Browser | undefined;
  let page: Page;
  let base = '';
  let adminKey: string | null = null;

  beforeAll(async () => {
    if (!existsSync(CLI) || !existsSync(path.join(ROOT, 'web/dist/index.html'))) {
      throw new Error('the build is missing: run `npm run build` first (gateway/dist and web/dist)');
    }
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install chromium (dev_env/test.sh does)`);
    mkdirSync(SHOTS, { recursive: true });
    const port = await freeLoopbackPort();
    const started = await startStack(dataDir, port);
    stack = started.child;
    stackOutput = started.output;
    base = `http://127.0.0.1:${port}`;
    expect(started.output()).toContain(`web UI:                 http://localhost:${port}/`);
    const keyFile = path.join(dataDir, 'admin.key');
    adminKey = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : null;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (stack && stack.exitCode === null) {
      const exited = new Promise((r) => stack!.once('exit', r));
      stack.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('signs in with the admin key and shows the portal with live counts and what needs attention', async () => {
    await page.goto(base + '/');
    if (adminKey) {
      await page.getByLabel('API key').fill('not-a-key');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      await page.getByLabel('API key').fill(adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    const hub = page.getByRole('article', { name: 'DataHub' });
    await hub.getByText('datasets', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await hub.locator('.count dd').first().textContent()).toBe('320');
    const attention = page.getByRole('region', { name: 'Needs attention' });
    await expect.poll(() => attention.getByRole('link', { name: REVENUE }).count()).toBe(1);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Portal',
      'Search',
      'Engineering',
      'Governance',
      'Doc review',
    ]);
    await page.screenshot({ path: path.join(SHOTS, '1-portal.png'), fullPage: true });

    // Tablet width: the layout reflows instead of scrolling sideways.
    await checkTabletWidth(page, '1-portal-tablet.png');
  }, 90_000);

  it('searches as you type, with the matches highlighted', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page
      .getByLabel('What are you looking for?')
      .pressSequentially('daily revenue store', { delay: 30 });
    const first = page.locator('.results .result-title').first();
    await first.waitFor({ timeout: 30_000 });
    expect(await page.locator('.results a.result-title', { hasText: REVENUE }).count()).toBeGreaterThan(0);
    expect(await page.locator('.results mark').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, '2-search.png'), fullPage: true });
    await checkTabletWidth(page, '2-search-tablet.png');

    // A filter the question asks for is a chip; removing it takes all its words out of the box.
    const box = page.getByLabel('What are you looking for?');
    await box.fill('customer tables tagged PII, daily');
    const remove = page
      .getByRole('list', { name: 'Filters from your question' })
      .getByRole('button', { name: /^Remove filter tag/ });
    await remove.waitFor({ timeout: 30_000 });
    await remove.click();
    await expect.poll(() => box.inputValue(), { timeout: 30_000 }).toBe('customer tables, daily');
    // The walk goes on from the first question's results, as it found them.
    await box.fill('daily revenue store');
    await page.locator('.results a.result-title', { hasText: REVENUE }).first().waitFor({ timeout: 30_000 });
  }, 60_000);

  it('opens the dataset page: description, schema, owners, freshness and the lineage graph', async () => {
    await page.locator('.results a.result-title', { hasText: REVENUE }).first().click();
    await page.getByRole('heading', { level: 1, name: REVENUE }).waitFor({ timeout: 30_000 });
    await page.getByRole('region', { name: 'About' }).getByText('Daniel Kim').waitFor();
    expect(await page.getByRole('region', { name: 'Schema' }).getByRole('row').count()).toBeGreaterThan(5);
    await page
      .getByRole('region', { name: 'Health' })
      .getByText(/Freshness: late/)
      .waitFor({ timeout: 30_000 });
    // The graph draws the dataset with its upstream and downstream neighbours.
    await expect
      .poll(() => page.locator('.react-flow__node').count(), { timeout: 30_000 })
      .toBeGreaterThan(3);
    await page
      .getByRole('region', { name: 'Lineage' })
      .getByRole('link', { name: 'orders_enriched' })
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, '3-dataset.png'), fullPage: true });
    await checkTabletWidth(page, '3-dataset-tablet.png');
  }, 90_000);

  it('runs a dry run with a proposed row count, then a stored validation, in the validator', async () => {
    await page.getByRole('link', { name: /in the validator/ }).click();
    const validator = page.getByRole('form', { name: 'Validate a dataset' });
    expect(await validator.getByLabel('Dataset urn').inputValue()).toContain(REVENUE);

    await validator.getByLabel('Dry run (store nothing)').check();
    await validator.getByLabel('Row count').fill('10');
    await validator.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText('dry run, nothing stored').waitFor({ timeout: 60_000 });
    expect(await page.locator('.validator .issues').textContent()).toMatch(/rowCount.*observed 10/);
    await page.screenshot({ path: path.join(SHOTS, '4-dry-run.png'), fullPage: true });

    await validator.getByLabel('Dry run (store nothing)').uncheck();
    await validator.getByRole('button', { name: 'Run validation' }).click();
    await page.getByText(/stored as run/).waitFor({ timeout: 60_000 });
    // The stored run shows up in the history under the validator.
    await page.getByText(/Runs as a table \(\d+\)/).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, '5-validation.png'), fullPage: true });
    await checkTabletWidth(page, '5-validation-tablet.png');
    // The stored run is the dataset's latest: datasets by health lists it as failing.
    const health = page.getByRole('region', { name: 'Datasets by health' });
    const row = health.getByRole('row').filter({ has: page.getByRole('link', { name: REVENUE }) });
    await row.getByText('fail', { exact: true }).waitFor({ timeout: 30_000 });
  }, 150_000);

  it("lists the failing dataset in the portal's needs attention, once", async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portal' }).click();
    const attention = page.getByRole('region', { name: 'Needs attention' });
    const item = attention.getByRole('listitem').filter({ has: page.getByRole('link', { name: REVENUE }) });
    await item.getByText('failing', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await attention.getByRole('link', { name: REVENUE }).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, '6-portal-failing.png'), fullPage: true });
  }, 60_000);

  it('proposes documentation on first start, again on request, and reviews it from the keyboard', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Doc review' }).click();
    await page.getByRole('heading', { level: 1, name: 'Documentation review' }).waitFor();
    // The first start proposed in the background: the queue fills without anyone pressing the button.
    const queued = page.getByRole('list', { name: 'Suggestions' }).locator('li.suggestion').first();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (let i = 0; i < 40 && !(await queued.isVisible()); i++) {
      // Opened again, the page reads the queue again.
      await page.waitForTimeout(3_000);
      await nav.getByRole('link', { name: 'Search' }).click();
      await nav.getByRole('link', { name: 'Doc review' }).click();
      await page.getByRole('heading', { level: 1, name: 'Documentation review' }).waitFor();
    }
    await queued.waitFor({ timeout: 5_000 });
    // The first start is still proposing while the queue fills: the counts below are read once it is done.
    await expect
      .poll(() => /doc suggestions: first start: \d+ suggestions proposed/.test(stackOutput()), {
        timeout: 180_000,
        interval: 1_000,
      })
      .toBe(true);
    await page.getByRole('button', { name: 'Propose again from DataHub' }).click();
    await page
      .getByRole('status')
      .getByText(/Proposed again from 320 datasets/)
      .waitFor({ timeout: 120_000 });
    const list = page.getByRole('list', { name: 'Suggestions' });
    await list.locator('li.suggestion').first().waitFor({ timeout: 30_000 });
    const pendingBefore = Number(
      (await page.getByText(/\d+ pending/).textContent())?.match(/(\d+) pending/)?.[1],
    );
    expect(pendingBefore).toBeGreaterThan(0);
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await page
      .getByRole('status')
      .getByText(/^1 accepted/)
      .waitFor({ timeout: 30_000 });
    await expect
      .poll(async () =>
        Number((await page.getByText(/\d+ pending/).textContent())?.match(/(\d+) pending/)?.[1]),
      )
      .toBe(pendingBefore - 1);
    await page.screenshot({ path: path.join(SHOTS, '7-doc-review.png'), fullPage: true });
    await checkTabletWidth(page, '7-doc-review-tablet.png');
    // The dataset page lists its own suggestions.
    await list.locator('li.suggestion').first().locator('.suggestion-head a').click();
    await page
      .getByRole('region', { name: 'Documentation suggestions' })
      .locator('li.suggestion')
      .first()
      .waitFor({ timeout: 30_000 });
  }, 480_000);

  it("shows how a search result's copies differ when its copy group is opened", async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('What are you looking for?').fill('ad spend');
    const group = page.locator('.results details.near-duplicates').first();
    await group.waitFor({ timeout: 30_000 });
    await group.locator('summary').click();
    const account = group.getByLabel('How the copies differ');
    await account.waitFor({ timeout: 30_000 });
    expect(await account.textContent()).toMatch(/Similar tables: .*ad_spend/);
    await page.screenshot({ path: path.join(SHOTS, '8-copy-group.png'), fullPage: true });
  }, 90_000);

  it('shows the governance overview: layer flows, smells, inferred layers, a domain, the taxonomy', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Governance' }).click();
    const overview = page.getByRole('region', { name: 'Overview' });
    await overview
      .getByRole('figure', { name: 'Flows between medallion layers' })
      .waitFor({ timeout: 60_000 });
    // The Sankey draws the demo's four layers and the charts and dashboards reading gold.
    for (const layer of ['source', 'bronze', 'silver', 'gold', 'consumption'])
      await overview
        .locator('.sankey text', { hasText: new RegExp(`^${layer} \\(`) })
        .first()
        .waitFor();
    const rows = overview.getByRole('table').getByRole('row');
    expect(await rows.count()).toBeGreaterThan(10);
    await page.screenshot({ path: path.join(SHOTS, '8-governance-medallion.png'), fullPage: true });
    await checkTabletWidth(page, '8-governance-medallion-tablet.png');
    // Zoom to a domain: fewer datasets, the same views.
    const domain = overview.getByLabel('Domain');
    const firstDomain = (await domain.locator('option').nth(1).getAttribute('value'))!;
    await domain.selectOption(firstDomain);
    await overview
      .getByRole('figure', { name: 'Flows between medallion layers' })
      .getByText(/between the layers of \d+ datasets/)
      .filter({ hasNotText: 'of 320 datasets' })
      .waitFor({ timeout: 60_000 });
    // Click through to a dataset page from the layers table, and back.
    const first = overview.getByRole('table').getByRole('row').nth(1).getByRole('link');
    const name = (await first.textContent())!;
    await first.click();
    await page.locator('h1#dataset-title', { hasText: name }).waitFor({ timeout: 30_000 });
    await page.goBack();
    await page.getByRole('region', { name: 'Overview' }).getByRole('button', { name: 'Taxonomy' }).click();
    await page.getByLabel('Taxonomy graph').locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('.react-flow__node.tx-node-term').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, '9-governance-taxonomy.png'), fullPage: true });
    await checkTabletWidth(page, '9-governance-taxonomy-tablet.png');
  }, 180_000);

  it('keeps a technical-spec ingestion configuration, refusing a bad one, and runs it to its outcome', async () => {
    const lake = mkdtempSync(path.join(tmpdir(), 'dataspoke-e2e-lake-'));
    try {
      writeFileSync(path.join(lake, 'refunds.csv'), 'id;amount\n1;2.5\n2;3.0\n');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Engineering' }).click();
      await page.getByRole('link', { name: 'Technical-spec ingestion' }).click();
      await page.getByRole('heading', { level: 1, name: 'Technical-spec ingestion' }).waitFor();
      await page.getByRole('button', { name: 'New configuration' }).click();
      const editor = page.getByRole('form', { name: 'Ingestion configuration' });
      const text = editor.getByLabel(/Configuration \(YAML or JSON/);
      // An unknown key: the server refuses it with its code, and says which.
      await text.fill(
        `name: e2e-lake\nsources:\n  - {name: lake, type: files, location: ${lake}, colour: red}\n`,
      );
      await editor.getByRole('button', { name: 'Save' }).click();
      const refusal = editor.getByRole('alert');
      await refusal.getByText('INVALID_INGESTION_CONFIG').waitFor({ timeout: 30_000 });
      expect(await refusal.textContent()).toContain('colour');
      await page.screenshot({ path: path.join(SHOTS, '10-ingestion-refused.png'), fullPage: true });

      await text.fill(`name: e2e-lake\nsources:\n  - {name: lake, type: files, location: ${lake}}\n`);
      await editor.getByRole('button', { name: 'Save' }).click();
      const configs = page.getByRole('region', { name: 'Configurations' });
      await configs.getByRole('row', { name: /e2e-lake/ }).waitFor({ timeout: 30_000 });
      await configs.getByRole('button', { name: 'Run e2e-lake now' }).click();
      // The run answers at once and is followed until it ends; the demo catalog has no such file dataset.
      const run = page.getByRole('region', { name: 'Run', exact: true });
      await run.locator('.pill', { hasText: 'succeeded' }).waitFor({ timeout: 60_000 });
      expect(await run.textContent()).toMatch(/1 of 1.*observed 1 · written 0 · not in DataHub 1 · failed 0/);
      await page
        .getByRole('region', { name: 'Runs of e2e-lake' })
        .locator('.pill', { hasText: 'succeeded' })
        .waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(SHOTS, '11-ingestion-run.png'), fullPage: true });
      await checkTabletWidth(page, '11-ingestion-run-tablet.png');
    } finally {
      rmSync(lake, { recursive: true, force: true });
    }
  }, 120_000);

  it('shows the governance metrics: nothing before a collection, then trend rows and a missed target', async () => {
    const graphql = async (query: string) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(adminKey && { authorization: `Bearer ${adminKey}` }),
        },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data!;
    };
    const runs = await graphql('{ workflowRuns(workflow: METRICS_COLLECTION) { totalCount } }');
    expect(runs.workflowRuns, 'the metrics collection ran before the test').toEqual({
      totalCount: 0,
    });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Governance' }).click();
    const metrics = page.getByRole('region', { name: 'Metrics over time' });
    await metrics.getByText(/nothing collected in this range yet/i).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, '12-governance-metrics-empty.png'), fullPage: true });

    // The first collection backfills the demo's history; a target above the catalog's documentation misses.
    const { triggerWorkflowRun } = await graphql(
      'mutation { triggerWorkflowRun(schedule: "metrics-collection") { id } }',
    );
    const runId = (triggerWorkflowRun as { id: string }).id;
    await expect
      .poll(
        async () => {
          const { workflowRun } = await graphql(`{ workflowRun(id: ${JSON.stringify(runId)}) { status } }`);
          return (workflowRun as { status: string } | null)?.status;
        },
        { timeout: 300_000, interval: 1_000 },
      )
      .toBe('COMPLETED');
    await graphql(
      'mutation { setMetricTarget(input: { metric: "table_documentation", value: 0.99 }) { id } }',
    );

    await nav.getByRole('link', { name: 'Portal' }).click();
    await nav.getByRole('link', { name: 'Governance' }).click();
    const trend = metrics.getByRole('table', { name: /last 120 days against the 120 before/ });
    await trend.waitFor({ timeout: 60_000 });
    const catalog = trend.getByRole('row').nth(1);
    expect(await catalog.getByRole('rowheader').textContent()).toBe('catalog');
    expect(await catalog.getAttribute('class')).toBe('missed');
    expect(await catalog.getByRole('cell').last().textContent()).toBe('≥ 99% (missed)');
    expect(await catalog.getByRole('cell').first().textContent()).toMatch(/^\d+(\.\d+)?%$/);
    await page.screenshot({ path: path.join(SHOTS, '12-governance-metrics.png'), fullPage: true });
    await checkTabletWidth(page, '12-governance-metrics-tablet.png');

    // Broken down by layer: a trend row per inferred layer.
    await metrics.getByLabel('Breakdown').selectOption('LAYER');
    await trend.getByRole('rowheader', { name: 'gold', exact: true }).waitFor({ timeout: 60_000 });
    const layers = await trend.getByRole('rowheader').allTextContents();
    expect(layers).toEqual(expect.arrayContaining(['bronze', 'silver', 'gold']));
    await checkTabletWidth(page, '13-governance-metrics-by-layer-tablet.png');
  }, 420_000);
});
