import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { SimilarTablesAccount } from '../components/SimilarTablesAccount';
import { QueryState } from '../components/query-state';
import { Empty } from '../components/states';
import { graphql } from '../gql';
import type { NlSearchQuery, SearchFilters } from '../gql/graphql';
import { datasetPath } from '../lib/format';
import { highlight, type Chip } from '../lib/search';

export const NlSearchQueryDoc = graphql(`
  query NlSearch($query: String!, $filters: SearchFilters, $limit: Int) {
    search(query: $query, filters: $filters, limit: $limit) {
      query
      total
      warnings
      understood {
        kind
        phrase
        matched
        start
        end
        explicit
        values {
          urn
          name
        }
      }
      results {
        score
        dataset {
          urn
          name
        }
        evidence {
          kind
          target
          matched
        }
        context {
          platform
          layer
          description
          domain {
            name
          }
        }
        copies {
          urn
          platform
          layer
          curated
        }
        curatedSource
        isCuratedSource
      }
    }
  }
`);

/** A result of the question was opened: for the search usage metrics (questions with no click). */
export const RecordSearchClickDoc = graphql(`
  mutation RecordSearchClick($question: String!) {
    recordSearchClick(question: $question)
  }
`);

type Result = NlSearchQuery['search']['results'][number];
export type Understood = NlSearchQuery['search']['understood'][number];

export function toSearchFilters(chips: Chip[]): SearchFilters | null {
  if (chips.length === 0) return null;
  const of = (kind: Chip['kind']) => chips.filter((c) => c.kind === kind).map((c) => c.value);
  const filters: SearchFilters = {};
  if (of('platform').length) filters.platforms = of('platform');
  if (of('domain').length) filters.domains = of('domain');
  if (of('tag').length) filters.tags = of('tag');
  if (of('term').length) filters.terms = of('term');
  if (of('owner').length) filters.owners = of('owner');
  if (of('layer').length) filters.layers = of('layer');
  return filters;
}

/** The gateway says natural-language search is switched off here (the keyword search then answers). */
export function searchUnavailable(error: CombinedError | undefined): boolean {
  return error?.graphQLErrors.some((e) => e.extensions?.code === 'SEARCH_UNAVAILABLE') ?? false;
}

/** Kinds a mentioned label can be made a filter of (typed into the box as `kind:"value"`). */
const CHIP_KINDS = new Set(['platform', 'domain', 'tag', 'term', 'owner', 'layer']);

/**
 * Natural-language results: what was understood from the question as chips (the filters it asked for,
 * removable; the labels it only mentioned, which rank what carries them higher and can be made a filter),
 * evidence with the matched words marked, and copies of a table folded under the ranked one.
 */
export function NlResults({
  text,
  chips,
  onUnavailable,
  onRemoveUnderstood,
  onFilterUnderstood,
}: {
  text: string;
  chips: Chip[];
  onUnavailable: () => void;
  /** `question` is the question the server answered, which the filter's span is in. */
  onRemoveUnderstood: (u: Understood, question: string) => void;
  onFilterUnderstood: (chip: Chip) => void;
}) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: NlSearchQueryDoc,
    variables: { query: text, filters: toSearchFilters(chips), limit: 20 },
  });
  const [, recordClick] = useMutation(RecordSearchClickDoc);
  // Opening a result tells the search usage metrics the question was answered (a failed report is not the
  // user's concern: it only leaves the question counted as unclicked).
  const opened = () => void recordClick({ question: text });
  const unavailable = searchUnavailable(error);
  useEffect(() => {
    if (unavailable) onUnavailable();
  }, [unavailable, onUnavailable]);
  if (unavailable) return null;
  return (
    <QueryState result={{ data, fetching, error }} refetch={refetch} what="results">
      {(data) => {
        const { results, understood, warnings, total, query: question } = data.search;
        const asked = understood.filter((u) => u.explicit);
        const mentioned = understood.filter((u) => !u.explicit);
        // A result that is a copy of one ranked above it is shown inside that one.
        const shown = new Set<string>();
        const groups: { lead: Result; copies: Result[] }[] = [];
        for (const r of results) {
          if (shown.has(r.dataset.urn)) continue;
          const copyUrns = new Set(r.copies.map((c) => c.urn));
          const copies = results.filter(
            (o) => o !== r && copyUrns.has(o.dataset.urn) && !shown.has(o.dataset.urn),
          );
          for (const c of [r, ...copies]) shown.add(c.dataset.urn);
          groups.push({ lead: r, copies });
        }

        return (
          <>
            {asked.length > 0 && (
              <ul className="chips filter-chips" aria-label="Filters from your question">
                {asked.map((u) => (
                  <li key={`${u.kind}:${u.phrase}`} className="chip chip-understood">
                    <span className="muted">{u.kind}:</span>{' '}
                    {u.values.map((v) => v.name).join(' or ') || 'nothing'}{' '}
                    <span className="muted" title="Removing the filter takes these words out of the question">
                      (“{u.matched}”)
                    </span>
                    <button
                      type="button"
                      className="chip-remove"
                      aria-label={`Remove filter ${u.kind} ${u.phrase}`}
                      onClick={() => onRemoveUnderstood(u, question)}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {mentioned.length > 0 && (
              <ul
                className="chips filter-chips"
                aria-label="Mentioned in your question"
                title="Ranked higher when they carry it; not a filter"
              >
                {mentioned.map((u) => (
                  <li key={`${u.kind}:${u.phrase}`} className="chip chip-evidence">
                    <span className="muted">{u.kind}?</span> {u.values.map((v) => v.name).join(' or ')}
                    {CHIP_KINDS.has(u.kind) && u.values[0] && (
                      <button
                        type="button"
                        className="chip-action"
                        aria-label={`Filter by ${u.kind} ${u.values[0].name}`}
                        onClick={() =>
                          onFilterUnderstood({ kind: u.kind as Chip['kind'], value: u.values[0]!.name })
                        }
                      >
                        filter
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {warnings.length > 0 && <p className="notice">{warnings.join(' ')}</p>}
            {results.length === 0 ? (
              <Empty>No dataset matches “{text}”.</Empty>
            ) : (
              <>
                <p className="muted result-count">
                  {total} datasets{fetching && ' · updating…'}
                </p>
                <ol className="results">
                  {groups.map(({ lead, copies }) => (
                    <li key={lead.dataset.urn} className="result card">
                      <NlResultBody result={lead} query={text} onOpen={opened} />
                      {(copies.length > 0 || lead.copies.length > 0) && (
                        <CopyGroup lead={lead} onOpen={opened} />
                      )}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </>
        );
      }}
    </QueryState>
  );
}

/** The copies of a ranked table, folded; opened, it also says how they differ (SimilarTablesAccount). */
function CopyGroup({ lead, onOpen }: { lead: Result; onOpen: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="near-duplicates" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {lead.copies.length} cop{lead.copies.length === 1 ? 'y' : 'ies'} of this table elsewhere
        {lead.isCuratedSource && ' · this is the curated source'}
      </summary>
      <SimilarTablesAccount urn={lead.dataset.urn} open={open} />
      <ul>
        {lead.copies.map((c) => (
          <li key={c.urn}>
            <Link to={datasetPath(c.urn)} onClick={onOpen}>
              {c.urn}
            </Link>{' '}
            <span className="muted">
              {c.platform}
              {c.layer && ` · ${c.layer}`}
              {c.curated && ' · curated'}
              {lead.curatedSource === c.urn && ' · curated source'}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function NlResultBody({ result, query, onOpen }: { result: Result; query: string; onOpen: () => void }) {
  const c = result.context;
  return (
    <div className="result-body">
      <Link to={datasetPath(result.dataset.urn)} className="result-title" onClick={onOpen}>
        {result.dataset.name}
      </Link>
      <span className="muted">
        {' '}
        {c.platform}
        {c.layer && ` · ${c.layer}`}
        {c.domain && ` · ${c.domain.name}`} · score {result.score.toFixed(2)}
      </span>
      {c.description && <p className="result-description">{c.description}</p>}
      {result.evidence.length > 0 && (
        <ul className="evidence" aria-label="Why it matched">
          {result.evidence.slice(0, 5).map((e, i) => (
            <li key={`${e.kind}-${i}`}>
              <span className="muted">{e.kind}:</span>{' '}
              <Marked value={e.target} terms={`${e.matched} ${query}`} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Marked({ value, terms }: { value: string; terms: string }) {
  return (
    <>
      {highlight(value, terms).map((s, i) =>
        s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
      )}
    </>
  );
}
