import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery, type CombinedError } from 'urql';
import { useIdentity } from '../auth/AuthContext';
import { canSee } from '../auth/identity';
import { SqlContextPanel } from '../components/SqlContextPanel';
import { TechnicalSpecPanel } from '../components/TechnicalSpecPanel';
import { QueryState } from '../components/query-state';
import { Empty, ErrorState, Loading } from '../components/states';
import { graphql } from '../gql';
import type { DatasetPageQuery } from '../gql/graphql';
import { datahubDatasetUrl, formatDuration, formatPercent, formatTime, urnId } from '../lib/format';
import { useWebConfig } from '../lib/webConfig';
import { ValidationPanel } from '../components/ValidationPanel';
import { DocSuggestionsPanel } from '../components/DocSuggestions';
import { useDatasetNotifications } from '../components/Notifications';

// The graph library is the heaviest part of this page: it loads after the text.
const LineageGraph = lazy(() => import('../components/LineageGraph'));

/**
 * Everything a user asks about one dataset, in one place. Fields the spokes add to a dataset are readable by
 * everyone; validation and SQL context load in their own queries, since each can take seconds or be
 * unavailable without taking the page down (both are non-null fields: an error would null the dataset).
 */
export const DatasetPageQueryDoc = graphql(`
  query DatasetPage($urn: String!) {
    dataset(urn: $urn) {
      urn
      name
      platform {
        name
        properties {
          displayName
        }
      }
      subTypes {
        typeNames
      }
      properties {
        description
        qualifiedName
        externalUrl
        customProperties {
          key
          value
        }
      }
      editableProperties {
        description
      }
      deprecation {
        deprecated
        note
      }
      tags {
        tags {
          tag {
            urn
            properties {
              name
              colorHex
            }
          }
        }
      }
      glossaryTerms {
        terms {
          term {
            urn
            properties {
              name
              definition
            }
          }
        }
      }
      domain {
        domain {
          urn
          properties {
            name
          }
        }
      }
      ownership {
        owners {
          type
          owner {
            __typename
            ... on CorpUser {
              urn
              username
              properties {
                displayName
              }
            }
            ... on CorpGroup {
              urn
              name
              properties {
                displayName
              }
            }
          }
        }
      }
      schemaMetadata {
        primaryKeys
        fields {
          fieldPath
          type
          nativeDataType
          description
          nullable
          isPartOfKey
          tags {
            tags {
              tag {
                urn
                properties {
                  name
                }
              }
            }
          }
          glossaryTerms {
            terms {
              term {
                urn
                properties {
                  name
                }
              }
            }
          }
        }
      }
      editableSchemaMetadata {
        editableSchemaFieldInfo {
          fieldPath
          description
        }
      }
      freshness {
        status
        lastUpdatedAt
        expectedNextUpdateAt
        lateBySeconds
        toleranceSeconds
        updatesObserved
        cadence {
          label
          seconds
        }
      }
      documentationCoverage {
        ratio
        tableDocumented
        fieldsDocumented
        fieldsTotal
      }
    }
  }
`);

type Dataset = NonNullable<DatasetPageQuery['dataset']>;

export default function DatasetPage() {
  const { urn = '' } = useParams();
  const identity = useIdentity();
  const withDe = canSee(identity, 'de');
  const [result, refetch] = useQuery({ query: DatasetPageQueryDoc, variables: { urn } });
  const config = useWebConfig();
  // A live notification about this dataset (it changed, failed a validation, is late): show it fresh.
  useDatasetNotifications(urn, () => refetch({ requestPolicy: 'network-only' }));

  return (
    <QueryState result={result} refetch={refetch} what="the dataset">
      {(data) =>
        data.dataset ? (
          <DatasetView
            dataset={data.dataset}
            error={result.error}
            withHistory={withDe}
            datahubUiUrl={config?.datahubUiUrl}
          />
        ) : (
          <DatasetNotFound urn={urn} />
        )
      }
    </QueryState>
  );
}

function DatasetNotFound({ urn }: { urn: string }) {
  return (
    <section className="card">
      <h1>Dataset not found</h1>
      <p>
        DataHub does not know <code>{urn}</code>.
      </p>
      <Link to="/">Back to the portal</Link>
    </section>
  );
}

/** The page's body once the dataset is known; a partial error (some field failed) shows above the cards. */
function DatasetView({
  dataset,
  error,
  withHistory,
  datahubUiUrl,
}: {
  dataset: Dataset;
  error: CombinedError | undefined;
  withHistory: boolean;
  datahubUiUrl: string | null | undefined;
}) {
  const description = dataset.editableProperties?.description || dataset.properties?.description;
  const platform = dataset.platform.properties?.displayName ?? dataset.platform.name;
  return (
    <article className="dataset-page" aria-labelledby="dataset-title">
      <header className="dataset-header">
        <p className="eyebrow">
          {platform} · {dataset.subTypes?.typeNames?.join(', ') ?? 'dataset'}
          {dataset.domain && (
            <> · {dataset.domain.domain.properties?.name ?? urnId(dataset.domain.domain.urn)}</>
          )}
        </p>
        <h1 id="dataset-title">{dataset.name}</h1>
        <p className="urn">
          <code>{dataset.urn}</code>
        </p>
        <div className="header-links">
          {datahubUiUrl && (
            <a href={datahubDatasetUrl(datahubUiUrl, dataset.urn)} target="_blank" rel="noreferrer">
              Open in DataHub ↗
            </a>
          )}
          {dataset.properties?.externalUrl && (
            <a href={dataset.properties.externalUrl} target="_blank" rel="noreferrer">
              Open at the source ↗
            </a>
          )}
        </div>
        {dataset.deprecation?.deprecated && (
          <p className="notice">
            Deprecated{dataset.deprecation.note ? `: ${dataset.deprecation.note}` : ''}
          </p>
        )}
      </header>
      {error && <ErrorState what="part of this dataset" error={error} />}

      <div className="dataset-grid">
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          {description ? (
            <p className="description">{description}</p>
          ) : (
            <Empty>No description in DataHub.</Empty>
          )}
          <About dataset={dataset} />
        </section>

        <section className="card" aria-labelledby="health-title">
          <h2 id="health-title">Health</h2>
          <Freshness freshness={dataset.freshness} />
          {dataset.documentationCoverage && (
            <p>
              Documentation: <strong>{formatPercent(dataset.documentationCoverage.ratio)}</strong> (
              {dataset.documentationCoverage.tableDocumented ? 'table described' : 'table not described'},{' '}
              {dataset.documentationCoverage.fieldsDocumented} of {dataset.documentationCoverage.fieldsTotal}{' '}
              fields)
            </p>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="techspec-title">
        <h2 id="techspec-title">Technical spec</h2>
        <TechnicalSpecPanel urn={dataset.urn} />
      </section>

      <section className="card" aria-labelledby="validation-title">
        <h2 id="validation-title">Validation</h2>
        <ValidationPanel urn={dataset.urn} withHistory={withHistory} />
      </section>

      <section className="card" aria-labelledby="doc-suggestions-title">
        <h2 id="doc-suggestions-title">Documentation suggestions</h2>
        <DocSuggestionsPanel urn={dataset.urn} />
      </section>

      <section className="card" aria-labelledby="sql-title">
        <h2 id="sql-title">SQL context</h2>
        <SqlContextPanel urn={dataset.urn} />
      </section>

      <section className="card" aria-labelledby="schema-title">
        <h2 id="schema-title">Schema</h2>
        <SchemaTable dataset={dataset} />
      </section>

      <section className="card" aria-labelledby="lineage-title">
        <h2 id="lineage-title">Lineage</h2>
        <Suspense fallback={<Loading what="the lineage graph" />}>
          <LineageGraph
            key={dataset.urn}
            urn={dataset.urn}
            name={dataset.name}
            platform={dataset.platform.name}
          />
        </Suspense>
      </section>
    </article>
  );
}

function About({ dataset }: { dataset: Dataset }) {
  const tags = dataset.tags?.tags ?? [];
  const terms = dataset.glossaryTerms?.terms ?? [];
  const owners = dataset.ownership?.owners ?? [];
  const custom = dataset.properties?.customProperties ?? [];
  return (
    <dl className="facts">
      <dt>Domain</dt>
      <dd>
        {dataset.domain ? (dataset.domain.domain.properties?.name ?? urnId(dataset.domain.domain.urn)) : '—'}
      </dd>
      <dt>Owners</dt>
      <dd>
        {owners.length === 0 ? (
          'No owners'
        ) : (
          <ul className="inline-list">
            {owners.map((o) => {
              const who =
                o.owner.__typename === 'CorpUser'
                  ? (o.owner.properties?.displayName ?? o.owner.username)
                  : o.owner.__typename === 'CorpGroup'
                    ? `${o.owner.properties?.displayName ?? o.owner.name} (group)`
                    : '?';
              return (
                <li key={`${o.owner.urn}-${o.type ?? ''}`}>
                  {who} <span className="muted">{(o.type ?? 'owner').toLowerCase().replace(/_/g, ' ')}</span>
                </li>
              );
            })}
          </ul>
        )}
      </dd>
      <dt>Tags</dt>
      <dd>
        {tags.length === 0 ? (
          'No tags'
        ) : (
          <ul className="chips">
            {tags.map((t) => (
              <li key={t.tag.urn} className="chip">
                <span
                  className="swatch"
                  style={{ background: t.tag.properties?.colorHex ?? '#999' }}
                  aria-hidden="true"
                />
                {t.tag.properties?.name ?? urnId(t.tag.urn)}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>Glossary terms</dt>
      <dd>
        {terms.length === 0 ? (
          'No terms'
        ) : (
          <ul className="chips">
            {terms.map((t) => (
              <li
                key={t.term.urn}
                className="chip chip-term"
                title={t.term.properties?.definition ?? undefined}
              >
                {t.term.properties?.name ?? urnId(t.term.urn)}
              </li>
            ))}
          </ul>
        )}
      </dd>
      {custom.length > 0 && (
        <>
          <dt>Properties</dt>
          <dd>
            <ul className="inline-list">
              {custom.map((p) => (
                <li key={p.key}>
                  <span className="muted">{p.key}:</span> {p.value}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}

function Freshness({ freshness }: { freshness: Dataset['freshness'] }) {
  if (!freshness) return <Empty>No freshness answer.</Empty>;
  const label = { ON_TIME: 'on time', LATE: 'late', UNKNOWN: 'unknown' }[freshness.status];
  return (
    <div className="freshness">
      <p>
        Freshness:{' '}
        <span
          className={`pill ${freshness.status === 'LATE' ? 'pill-bad' : freshness.status === 'ON_TIME' ? 'pill-good' : ''}`}
        >
          {label}
        </span>
        {freshness.status === 'LATE' && <> by {formatDuration(freshness.lateBySeconds)}</>}
      </p>
      <dl className="facts compact">
        <dt>Last update</dt>
        <dd>{formatTime(freshness.lastUpdatedAt)}</dd>
        <dt>Cadence</dt>
        <dd>
          {freshness.cadence
            ? `${freshness.cadence.label.toLowerCase()} (every ${formatDuration(freshness.cadence.seconds)})`
            : 'not learned yet'}
        </dd>
        <dt>Next expected</dt>
        <dd>{formatTime(freshness.expectedNextUpdateAt)}</dd>
        <dt>Learned from</dt>
        <dd>{freshness.updatesObserved} updates</dd>
      </dl>
    </div>
  );
}

function SchemaTable({ dataset }: { dataset: Dataset }) {
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const edited = useMemo(
    () =>
      new Map(
        (dataset.editableSchemaMetadata?.editableSchemaFieldInfo ?? []).map((f) => [
          f.fieldPath,
          f.description,
        ]),
      ),
    [dataset],
  );
  const fields = dataset.schemaMetadata?.fields ?? [];
  if (fields.length === 0) return <Empty>DataHub has no schema for this dataset.</Empty>;
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? fields.filter(
        (f) =>
          f.fieldPath.toLowerCase().includes(needle) ||
          (edited.get(f.fieldPath) ?? f.description ?? '').toLowerCase().includes(needle),
      )
    : fields;
  return (
    <>
      <div className="toolbar">
        <label htmlFor={filterId}>Filter fields</label>
        <input id={filterId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <span className="muted">
          {shown.length} of {fields.length} fields
        </span>
      </div>
      <div className="table-scroll">
        <table className="schema-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Type</th>
              <th scope="col">Description</th>
              <th scope="col">Tags and terms</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => {
              const description = edited.get(f.fieldPath) || f.description;
              const labels = [
                ...(f.tags?.tags ?? []).map((t) => t.tag.properties?.name ?? urnId(t.tag.urn)),
                ...(f.glossaryTerms?.terms ?? []).map((t) => t.term.properties?.name ?? urnId(t.term.urn)),
              ];
              return (
                <tr key={f.fieldPath}>
                  <th scope="row">
                    <code>{f.fieldPath}</code>
                    {(f.isPartOfKey || dataset.schemaMetadata?.primaryKeys?.includes(f.fieldPath)) && (
                      <span className="pill" title="part of the key">
                        key
                      </span>
                    )}
                  </th>
                  <td>
                    {f.nativeDataType ?? f.type.toLowerCase()}
                    {!f.nullable && <span className="muted"> not null</span>}
                  </td>
                  <td>{description ?? <span className="muted">undocumented</span>}</td>
                  <td>{labels.length ? labels.join(', ') : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
