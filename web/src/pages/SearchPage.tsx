import { useCallback, useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { QueryState } from '../components/query-state';
import { Empty } from '../components/states';
import { graphql } from '../gql';
import type { DatasetSearchFilters, SearchDatasetsQuery } from '../gql/graphql';
import { datasetPath, shortName } from '../lib/format';
import {
  groupNearDuplicates,
  highlight,
  parseQuery,
  removeChip,
  removeUnderstood,
  addChip,
  type Chip,
} from '../lib/search';
import { NlResults } from './NlResults';

export const SearchDatasetsQueryDoc = graphql(`
  query SearchDatasets($query: String, $filters: DatasetSearchFilters, $limit: Int) {
    searchDatasets(query: $query, filters: $filters, limit: $limit) {
      total
      results {
        matchedFields {
          name
          value
        }
        dataset {
          urn
          name
          platform {
            name
          }
          properties {
            description
          }
          domain {
            domain {
              urn
              properties {
                name
              }
            }
          }
        }
      }
    }
  }
`);

type Result = SearchDatasetsQuery['searchDatasets']['results'][number];

/** Waits for typing to pause before searching, so each keystroke does not cost a request. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

function toFilters(chips: Chip[]): DatasetSearchFilters | null {
  if (chips.length === 0) return null;
  const of = (kind: Chip['kind']) => chips.filter((c) => c.kind === kind).map((c) => c.value);
  const filters: DatasetSearchFilters = {};
  if (of('platform').length) filters.platforms = of('platform');
  if (of('domain').length) filters.domains = of('domain');
  if (of('tag').length) filters.tags = of('tag');
  return filters;
}

/** The DA spoke: results as you type, filters as removable chips, evidence highlighted, near-duplicates grouped. */
export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const [input, setInput] = useState(params.get('q') ?? '');
  const settled = useDebounced(input, 250);
  const inputId = useId();
  const { text, chips } = parseQuery(settled);
  const active = text.length > 0 || chips.length > 0;

  // The URL follows the box, so a search can be shared and survives a reload.
  useEffect(() => {
    setParams(settled ? { q: settled } : {}, { replace: true });
  }, [settled, setParams]);

  // Natural-language search when the gateway has it; the keyword search otherwise, or for filters alone.
  const [nlAvailable, setNlAvailable] = useState(true);
  const useNl = nlAvailable && text.length > 0;
  const onNlUnavailable = useCallback(() => setNlAvailable(false), []);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: SearchDatasetsQueryDoc,
    variables: { query: text || null, filters: toFilters(chips), limit: 50 },
    pause: !active || useNl,
  });

  const results = data?.searchDatasets.results ?? [];
  // Same table name on the same platform in several schemas or regions: shown as one group.
  const groups = groupNearDuplicates(
    results,
    (r) => `${r.dataset.platform.name}:${shortName(r.dataset.name)}`,
  );

  return (
    <div className="page search-page">
      <h1>Search datasets</h1>
      <form role="search" onSubmit={(e) => e.preventDefault()} className="search-form">
        <label htmlFor={inputId}>What are you looking for?</label>
        <input
          id={inputId}
          type="search"
          value={input}
          placeholder="e.g. daily revenue platform:snowflake tag:Gold"
          onChange={(e) => setInput(e.target.value)}
          autoFocus
          aria-describedby={`${inputId}-hint`}
        />
        <p id={`${inputId}-hint`} className="hint">
          Results appear as you type. Narrow with <code>platform:</code>, <code>domain:</code> or{' '}
          <code>tag:</code>.
        </p>
      </form>

      {chips.length > 0 && (
        <ul className="chips filter-chips" aria-label="Filters">
          {chips.map((c) => (
            <li key={`${c.kind}:${c.value}`} className="chip">
              <span className="muted">{c.kind}:</span> {c.value}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove filter ${c.kind} ${c.value}`}
                onClick={() => setInput((current) => removeChip(current, c))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}

      {!nlAvailable && active && (
        <p className="notice">
          Natural-language search is not configured on this server: these are keyword results.
        </p>
      )}
      <div aria-live="polite" aria-busy={fetching}>
        {useNl ? (
          <NlResults
            text={text}
            chips={chips}
            onUnavailable={onNlUnavailable}
            onRemoveUnderstood={(u, question) =>
              setInput((current) => removeUnderstood(current, question, u))
            }
            onFilterUnderstood={(chip) => setInput((current) => addChip(current, chip))}
          />
        ) : !active ? (
          <Empty>Type a few words to search the catalog.</Empty>
        ) : (
          <QueryState
            result={{ data, fetching, error }}
            refetch={refetch}
            what="results"
            isEmpty={() => results.length === 0}
            empty={`No dataset matches “${settled}”.`}
          >
            {(data) => (
              <>
                <p className="muted result-count">
                  {data.searchDatasets.total} datasets
                  {groups.length < results.length && `, ${groups.length} distinct tables`}
                  {fetching && ' · updating…'}
                </p>
                <ol className="results">
                  {groups.map((g) => (
                    <ResultGroup key={g.key} items={g.items} query={text} />
                  ))}
                </ol>
              </>
            )}
          </QueryState>
        )}
      </div>
    </div>
  );
}

function ResultGroup({ items, query }: { items: Result[]; query: string }) {
  const [first, ...rest] = items;
  if (!first) return null;
  return (
    <li className="result card">
      <ResultBody result={first} query={query} />
      {rest.length > 0 && (
        <details className="near-duplicates">
          <summary>
            {rest.length} near-duplicate{rest.length > 1 ? 's' : ''}: the same table elsewhere
          </summary>
          <ul>
            {rest.map((r) => (
              <li key={r.dataset.urn}>
                <ResultBody result={r} query={query} compact />
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

function ResultBody({ result, query, compact }: { result: Result; query: string; compact?: boolean }) {
  const d = result.dataset;
  const evidence = result.matchedFields.filter((m) => m.name !== 'name');
  return (
    <div className="result-body">
      <Link to={datasetPath(d.urn)} className="result-title">
        <Marked value={d.name} query={query} />
      </Link>
      <span className="muted">
        {' '}
        {d.platform.name}
        {d.domain && ` · ${d.domain.domain.properties?.name ?? d.domain.domain.urn}`}
      </span>
      {!compact && d.properties?.description && (
        <p className="result-description">
          <Marked value={d.properties.description} query={query} />
        </p>
      )}
      {evidence.length > 0 && (
        <ul className="evidence" aria-label="Why it matched">
          {evidence.slice(0, 4).map((m, i) => (
            <li key={`${m.name}-${i}`}>
              <span className="muted">{m.name}:</span> <Marked value={m.value} query={query} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Marked({ value, query }: { value: string; query: string }) {
  return (
    <>
      {highlight(value, query).map((s, i) =>
        s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
      )}
    </>
  );
}
