import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { QueryState } from '../components/query-state';
import { Empty, ErrorState, Loading } from '../components/states';
import { graphql } from '../gql';
import type { IngestionRunDetailQuery } from '../gql/graphql';
import { formatDuration, formatNumber, formatTime } from '../lib/format';

/** A kept configuration as the list shows it and the editor starts from. */
export const IngestionConfigFields = graphql(`
  fragment IngestionConfigFields on IngestionConfig {
    name
    schedule
    timeoutMs
    sources {
      name
      type
    }
    json
    updatedAt
  }
`);

export const IngestionCountsFields = graphql(`
  fragment IngestionCountsFields on IngestionCounts {
    observed
    written
    unmatched
    failed
  }
`);

export const IngestionConfigsQueryDoc = graphql(`
  query IngestionConfigs {
    ingestionConfigs {
      ...IngestionConfigFields
    }
  }
`);

export const IngestionRunsQueryDoc = graphql(`
  query IngestionRunsOf($name: String!) {
    ingestionRuns(name: $name, limit: 10) {
      totalCount
      runs {
        id
        trigger
        status
        startedAt
        finishedAt
        counts {
          ...IngestionCountsFields
        }
      }
    }
  }
`);

export const IngestionRunDetailQueryDoc = graphql(`
  query IngestionRunDetail($id: ID!) {
    ingestionRun(id: $id) {
      id
      configName
      status
      startedAt
      finishedAt
      counts {
        ...IngestionCountsFields
      }
      progress {
        done
        total
      }
      sources {
        name
        type
        status
        errorCode
        errorMessage
        durationMs
      }
      errors
    }
  }
`);

const SaveIngestionConfigMutation = graphql(`
  mutation SaveIngestionConfig($config: String!) {
    saveIngestionConfig(config: $config) {
      ...IngestionConfigFields
    }
  }
`);

const RunIngestionMutation = graphql(`
  mutation RunIngestion($name: String!) {
    runIngestion(name: $name, wait: false) {
      id
      status
    }
  }
`);

type RunDetail = NonNullable<IngestionRunDetailQuery['ingestionRun']>;

/** A saved configuration changes the list, even an empty one (whose typename urql has not seen yet). */
const CONFIGS_CONTEXT = { additionalTypenames: ['IngestionConfig'] };

const NEW_CONFIG = `name: lake-specs
schedule: every 6h # or remove it: run on demand only
sources:
  - name: lake
    type: files
    location: s3://my-bucket/raw # or a local directory
`;

const RUN_PILL: Record<RunDetail['status'], string> = {
  RUNNING: 'pill pill-warn',
  SUCCEEDED: 'pill pill-good',
  PARTIAL: 'pill pill-warn',
  FAILED: 'pill pill-bad',
};

/**
 * The server's refusal of a configuration: its code, and each problem on its own line (the message lists them
 * as `  - problem`).
 */
function refusalOf(error: CombinedError): {
  code: string | null;
  headline: string;
  problems: string[];
} {
  const first = error.graphQLErrors[0];
  if (!first) return { code: null, headline: error.networkError?.message ?? error.message, problems: [] };
  const [headline = '', ...problems] = first.message.split(/\n\s*- /);
  const code = first.extensions?.code;
  return { code: typeof code === 'string' ? code : null, headline: headline.trim(), problems };
}

/** The DE spoke's technical-spec ingestion: the kept configurations, editing one, running one and its progress. */
export default function IngestionsPage({ pollMs = 1_000 }: { pollMs?: number }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: IngestionConfigsQueryDoc,
    context: CONFIGS_CONTEXT,
  });
  const [editing, setEditing] = useState<{ text: string; name: string | null } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [activeRun, setActiveRun] = useState<string | null>(null);
  // Bumped when a run starts or ends, so the list of runs is asked again.
  const [runsVersion, setRunsVersion] = useState(0);
  const runEnded = useCallback(() => setRunsVersion((v) => v + 1), []);
  const [runResult, run] = useMutation(RunIngestionMutation);

  async function start(name: string) {
    setSelected(name);
    const answer = await run({ name });
    if (answer.data) {
      setActiveRun(answer.data.runIngestion.id);
      setRunsVersion((v) => v + 1);
    }
  }

  return (
    <div className="page">
      <p className="muted">
        <Link to="/engineering">Data Engineering</Link> ›
      </p>
      <h1>Technical-spec ingestion</h1>
      <section className="card" aria-labelledby="ingestion-configs-title">
        <div className="section-head">
          <h2 id="ingestion-configs-title">Configurations</h2>
          <div className="toolbar">
            <button type="button" onClick={() => setEditing({ text: NEW_CONFIG, name: null })}>
              New configuration
            </button>
          </div>
        </div>
        <QueryState
          result={{ data: data?.ingestionConfigs, fetching, error }}
          refetch={refetch}
          what="ingestion configurations"
          isEmpty={(configs) => configs.length === 0}
          empty="No configuration is kept yet: add one to read Kafka, PostgreSQL or data-file facts."
        >
          {(configs) => (
            <div className="table-scroll">
              <table className="health-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Schedule</th>
                    <th scope="col">Sources</th>
                    <th scope="col">Saved</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {configs.map((c) => (
                    <tr key={c.name}>
                      <th scope="row">{c.name}</th>
                      <td>{c.schedule ?? 'on demand'}</td>
                      <td>{c.sources.map((s) => `${s.name} (${s.type})`).join(', ')}</td>
                      <td>{formatTime(c.updatedAt)}</td>
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Edit ${c.name}`}
                          onClick={() =>
                            setEditing({ text: JSON.stringify(JSON.parse(c.json), null, 2), name: c.name })
                          }
                        >
                          Edit
                        </button>{' '}
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Runs of ${c.name}`}
                          onClick={() => setSelected(c.name)}
                        >
                          Runs
                        </button>{' '}
                        <button
                          type="button"
                          aria-label={`Run ${c.name} now`}
                          disabled={runResult.fetching}
                          onClick={() => void start(c.name)}
                        >
                          Run now
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
        {runResult.error && <ErrorState what="the run" error={runResult.error} />}
      </section>

      {editing && (
        <ConfigEditor
          key={editing.name ?? '(new)'}
          initial={editing.text}
          name={editing.name}
          onDone={(saved) => {
            setEditing(null);
            if (saved) setSelected(saved);
          }}
        />
      )}

      {activeRun && (
        <section className="card" aria-labelledby="ingestion-run-title">
          <h2 id="ingestion-run-title">Run</h2>
          <RunProgress id={activeRun} pollMs={pollMs} onEnded={runEnded} />
        </section>
      )}

      {selected && (
        <section className="card" aria-labelledby="ingestion-runs-title">
          <h2 id="ingestion-runs-title">Runs of {selected}</h2>
          <RecentRuns name={selected} version={runsVersion} onOpen={setActiveRun} />
        </section>
      )}
    </div>
  );
}

/** The configuration as YAML or JSON text, saved as is; the server's refusal is shown with its code. */
function ConfigEditor({
  initial,
  name,
  onDone,
}: {
  initial: string;
  name: string | null;
  onDone: (saved: string | null) => void;
}) {
  const [text, setText] = useState(initial);
  const [result, save] = useMutation(SaveIngestionConfigMutation);
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const answer = await save({ config: text }, CONFIGS_CONTEXT);
    if (answer.data) onDone(answer.data.saveIngestionConfig.name);
  }

  const refusal = result.error ? refusalOf(result.error) : null;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{name ? `Edit ${name}` : 'New configuration'}</h2>
      <form className="ingestion-form" onSubmit={(e) => void submit(e)} aria-label="Ingestion configuration">
        <div>
          <label htmlFor={`${id}-text`}>
            Configuration (YAML or JSON; secrets as <code>{'${env:NAME}'}</code>)
          </label>
          <textarea
            id={`${id}-text`}
            rows={14}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        {refusal && (
          <div className="state state-error" role="alert">
            <p>
              <strong>Not saved.</strong> {refusal.code && <code>{refusal.code}</code>} {refusal.headline}
            </p>
            {refusal.problems.length > 0 && (
              <ul>
                {refusal.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="toolbar">
          <button type="submit" className="primary" disabled={result.fetching}>
            {result.fetching ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={() => onDone(null)}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

/** One run, asked again every `pollMs` while it is running: its progress, then each source's outcome. */
function RunProgress({ id, pollMs, onEnded }: { id: string; pollMs: number; onEnded: () => void }) {
  const [{ data, error }, refetch] = useQuery({
    query: IngestionRunDetailQueryDoc,
    variables: { id },
    requestPolicy: 'network-only',
  });
  const run = data?.ingestionRun;
  const running = run?.status === 'RUNNING';
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => refetch({ requestPolicy: 'network-only' }), pollMs);
    return () => clearTimeout(timer);
  }, [running, data, pollMs, refetch]);
  const ended = run != null && !running;
  useEffect(() => {
    if (ended) onEnded();
  }, [ended, onEnded]);

  if (error && !run) return <ErrorState what="the run" error={error} />;
  if (!data) return <Loading what="the run" />;
  if (!run) return <Empty>The run {id} is not known.</Empty>;
  return (
    <div aria-live="polite">
      <p>
        {run.configName}: <span className={RUN_PILL[run.status]}>{run.status.toLowerCase()}</span>{' '}
        <span className="muted">started {formatTime(run.startedAt)}</span>
        {run.finishedAt != null && (
          <span className="muted">, took {formatDuration((run.finishedAt - run.startedAt) / 1000)}</span>
        )}
      </p>
      <p>
        <label>
          Datasets handled{' '}
          <progress
            max={Math.max(run.progress.total, 1)}
            value={run.progress.done}
            aria-valuetext={`${run.progress.done} of ${run.progress.total}`}
          />
        </label>{' '}
        {formatNumber(run.progress.done)} of {formatNumber(run.progress.total)}
      </p>
      {!running && (
        <p>
          observed {formatNumber(run.counts.observed)} · written {formatNumber(run.counts.written)} · not in
          DataHub {formatNumber(run.counts.unmatched)} · failed {formatNumber(run.counts.failed)}
        </p>
      )}
      <div className="table-scroll">
        <table className="health-table">
          <caption className="visually-hidden">Sources of the run</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Status</th>
              <th scope="col">Took</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {run.sources.map((s) => (
              <tr key={s.name}>
                <th scope="row">
                  {s.name} <span className="muted">({s.type})</span>
                </th>
                <td>{s.status.toLowerCase()}</td>
                <td>{s.durationMs != null ? formatDuration(s.durationMs / 1000) : '—'}</td>
                <td>
                  {s.errorCode ? (
                    <>
                      <code>{s.errorCode}</code> {s.errorMessage}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A configuration's latest runs; `version` changes when one starts or ends. */
function RecentRuns({
  name,
  version,
  onOpen,
}: {
  name: string;
  version: number;
  onOpen: (id: string) => void;
}) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: IngestionRunsQueryDoc,
    variables: { name },
    requestPolicy: 'network-only',
  });
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);
  if (fetching && !data) return <Loading what={`the runs of ${name}`} />;
  if (!data) return <ErrorState what={`the runs of ${name}`} error={error ?? 'No answer.'} />;
  const runs = data.ingestionRuns.runs;
  if (runs.length === 0) return <Empty>{name} has not run yet.</Empty>;
  return (
    <ul className="ingestion-runs">
      {runs.map((r) => (
        <li key={r.id}>
          <button type="button" className="link-button" onClick={() => onOpen(r.id)}>
            {formatTime(r.startedAt)}
          </button>{' '}
          <span className={RUN_PILL[r.status]}>{r.status.toLowerCase()}</span>{' '}
          <span className="muted">
            {r.trigger}, written {formatNumber(r.counts.written)}, failed {formatNumber(r.counts.failed)}
          </span>
        </li>
      ))}
    </ul>
  );
}
