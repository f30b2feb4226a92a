// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Identity } from '../auth/identity';
import { mockGraphql, renderWithApp, type Handler } from '../test/harness';
import IngestionsPage from './IngestionsPage';

afterEach(cleanup);

const DE_ONLY: Identity = { subject: 'ed', groups: ['de'], auth: 'api_key' };

function config(name: string, schedule: string | null, location: string) {
  return {
    __typename: 'IngestionConfig',
    name,
    schedule,
    timeoutMs: 60000,
    sources: [{ __typename: 'IngestionSourceConfig', name: 'lake', type: 'files' }],
    json: JSON.stringify({
      name,
      ...(schedule && { schedule }),
      timeoutMs: 60000,
      sources: [{ name: 'lake', type: 'files', timeoutMs: 60000, location }],
    }),
    updatedAt: Date.UTC(2026, 11, 1, 9),
  };
}

const counts = (observed: number, written: number, failed = 0) => ({
  __typename: 'IngestionCounts',
  observed,
  written,
  unmatched: 0,
  failed,
});

function runDetail(status: 'RUNNING' | 'PARTIAL', done: number) {
  const ended = status !== 'RUNNING';
  return {
    __typename: 'IngestionRun',
    id: 'run-1',
    configName: 'lake-specs',
    status,
    startedAt: Date.UTC(2026, 11, 4, 10),
    finishedAt: ended ? Date.UTC(2026, 11, 4, 10, 0, 4) : null,
    counts: ended ? counts(3, 3, 0) : counts(0, 0),
    progress: { __typename: 'IngestionProgress', done, total: 3 },
    sources: [
      {
        __typename: 'IngestionSourceRun',
        name: 'lake',
        type: 'files',
        status: ended ? 'SUCCEEDED' : 'RUNNING',
        errorCode: null,
        errorMessage: null,
        durationMs: ended ? 3000 : null,
      },
      {
        __typename: 'IngestionSourceRun',
        name: 'bucket',
        type: 'files',
        status: ended ? 'FAILED' : 'PENDING',
        errorCode: ended ? 'SOURCE_NOT_FOUND' : null,
        errorMessage: ended ? 's3://gone/raw: the bucket does not exist (S3 NoSuchBucket)' : null,
        durationMs: ended ? 40 : null,
      },
    ],
    errors: ended ? ['bucket: SOURCE_NOT_FOUND: s3://gone/raw: the bucket does not exist'] : [],
  };
}

const noRuns: Handler = () => ({
  data: { ingestionRuns: { __typename: 'IngestionRunPage', totalCount: 0, runs: [] } },
});

describe('engineering: technical-spec ingestion configurations', () => {
  it('creates a configuration: the server’s refusal is shown with its code and each problem, then it saves', async () => {
    const kept = [config('lake-specs', 'every 6h', '/data/lake')];
    const { client, calls } = mockGraphql({
      IngestionConfigs: () => ({ data: { ingestionConfigs: kept } }),
      IngestionRunsOf: noRuns,
      SaveIngestionConfig: (variables) => {
        const text = String(variables.config);
        if (text.includes('colour'))
          return {
            errors: [
              {
                message:
                  'Invalid ingestion configuration (2 problems):\n  - sources[0]: unknown key "colour"\n  - schedule: `every 6h` or a five-field cron expression',
                extensions: { code: 'INVALID_INGESTION_CONFIG' },
              },
            ],
          };
        const saved = config('bucket-specs', null, 's3://acme/raw');
        kept.push(saved);
        return { data: { saveIngestionConfig: saved } };
      },
    });
    renderWithApp(<IngestionsPage pollMs={10} />, {
      client,
      route: '/engineering/ingestions',
      identity: DE_ONLY,
    });
    const list = await screen.findByRole('region', { name: 'Configurations' });
    const row = await within(list).findByRole('row', { name: /lake-specs/ });
    expect(row.textContent).toMatch(/lake-specs.*every 6h.*lake \(files\)/);

    fireEvent.click(within(list).getByRole('button', { name: 'New configuration' }));
    const editor = await screen.findByRole('region', { name: 'New configuration' });
    const text = within(editor).getByRole('textbox', { name: /Configuration \(YAML or JSON/ });
    expect((text as HTMLTextAreaElement).value).toContain('type: files');
    fireEvent.change(text, {
      target: {
        value: 'name: bucket-specs\nschedule: hourly\nsources:\n  - {name: lake, type: files, colour: red}\n',
      },
    });
    fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    const refusal = await within(editor).findByRole('alert');
    expect(refusal.textContent).toContain('INVALID_INGESTION_CONFIG');
    expect(
      within(refusal)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['sources[0]: unknown key "colour"', 'schedule: `every 6h` or a five-field cron expression']);

    fireEvent.change(text, {
      target: {
        value: 'name: bucket-specs\nsources:\n  - {name: lake, type: files, location: s3://acme/raw}\n',
      },
    });
    fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    // Saved: the editor closes, the list is asked again and shows it, run on demand.
    const added = await within(list).findByRole('row', { name: /bucket-specs/ });
    expect(added.textContent).toContain('on demand');
    expect(screen.queryByRole('region', { name: 'New configuration' })).toBeNull();
    expect(calls.filter((c) => c.operationName === 'SaveIngestionConfig')).toHaveLength(2);
    expect(calls.filter((c) => c.operationName === 'IngestionConfigs').length).toBeGreaterThanOrEqual(2);
  });

  it('edits a kept configuration from its own text', async () => {
    const { client, calls } = mockGraphql({
      IngestionConfigs: () => ({
        data: { ingestionConfigs: [config('lake-specs', 'every 6h', '/data/lake')] },
      }),
      IngestionRunsOf: noRuns,
      SaveIngestionConfig: () => ({
        data: { saveIngestionConfig: config('lake-specs', 'every 1h', '/data/lake') },
      }),
    });
    renderWithApp(<IngestionsPage pollMs={10} />, { client, identity: DE_ONLY });
    fireEvent.click(await screen.findByRole('button', { name: 'Edit lake-specs' }));
    const editor = await screen.findByRole('region', { name: 'Edit lake-specs' });
    const text = within(editor).getByRole<HTMLTextAreaElement>('textbox');
    expect(JSON.parse(text.value)).toMatchObject({
      name: 'lake-specs',
      schedule: 'every 6h',
      sources: [{ name: 'lake', type: 'files', location: '/data/lake' }],
    });
    fireEvent.change(text, { target: { value: text.value.replace('every 6h', 'every 1h') } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    await screen.findByRole('region', { name: 'Runs of lake-specs' });
    const sent = calls.find((c) => c.operationName === 'SaveIngestionConfig')!;
    expect(JSON.parse(String(sent.variables.config))).toMatchObject({ schedule: 'every 1h' });
  });

  it('starts a run without waiting and follows its progress to each source’s outcome', async () => {
    let finished = false;
    let runsAsked = 0;
    const { client, calls } = mockGraphql({
      IngestionConfigs: () => ({ data: { ingestionConfigs: [config('lake-specs', null, '/data/lake')] } }),
      RunIngestion: () => ({
        data: { runIngestion: { __typename: 'IngestionRun', id: 'run-1', status: 'RUNNING' } },
      }),
      // Running (1 of 3 handled) for as long as the test has not let it finish.
      IngestionRunDetail: () => ({
        data: { ingestionRun: finished ? runDetail('PARTIAL', 3) : runDetail('RUNNING', 1) },
      }),
      IngestionRunsOf: () => {
        runsAsked++;
        const run = finished ? runDetail('PARTIAL', 3) : runDetail('RUNNING', 1);
        return {
          data: {
            ingestionRuns: {
              __typename: 'IngestionRunPage',
              totalCount: 1,
              runs: [{ ...run, trigger: 'api' }],
            },
          },
        };
      },
    });
    renderWithApp(<IngestionsPage pollMs={10} />, { client, identity: DE_ONLY });
    fireEvent.click(await screen.findByRole('button', { name: 'Run lake-specs now' }));
    const runCard = await screen.findByRole('region', { name: 'Run' });
    const progress = await within(runCard).findByRole('progressbar');
    expect(progress.getAttribute('aria-valuetext')).toBe('1 of 3');
    expect(runCard.querySelector('.pill')?.textContent).toBe('running');
    expect(within(runCard).getByRole('row', { name: /bucket/ }).textContent).toContain('pending');
    expect(calls.find((c) => c.operationName === 'RunIngestion')!.variables).toEqual({ name: 'lake-specs' });

    finished = true;
    await within(runCard).findByText('partial');
    expect(runCard.textContent).toContain('3 of 3');
    expect(runCard.textContent).toMatch(/observed 3 · written 3/);
    const bucket = within(runCard).getByRole('row', { name: /bucket/ });
    expect(bucket.textContent).toMatch(/failed.*SOURCE_NOT_FOUND.*the bucket does not exist/);
    // The list of runs is asked again once the run has ended, and shows it ended.
    const runs = await screen.findByRole('region', { name: 'Runs of lake-specs' });
    await within(runs).findByText('partial');
    expect(runsAsked).toBeGreaterThanOrEqual(2);
  });

  it('says why a run could not start, with the server’s code', async () => {
    const { client } = mockGraphql({
      IngestionConfigs: () => ({ data: { ingestionConfigs: [config('lake-specs', null, '/data/lake')] } }),
      IngestionRunsOf: noRuns,
      RunIngestion: () => ({
        errors: [
          {
            message: 'no ingestion configuration "lake-specs"; save one first',
            extensions: { code: 'INGESTION_CONFIG_NOT_FOUND' },
          },
        ],
      }),
    });
    renderWithApp(<IngestionsPage pollMs={10} />, { client, identity: DE_ONLY });
    fireEvent.click(await screen.findByRole('button', { name: 'Run lake-specs now' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('INGESTION_CONFIG_NOT_FOUND: no ingestion configuration');
    expect(screen.queryByRole('region', { name: 'Run' })).toBeNull();
  });
});
