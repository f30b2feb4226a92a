import { useCallback, useEffect, useId, useLayoutEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useIdentity } from '../auth/AuthContext';
import { canSee } from '../auth/identity';
import {
  AcceptDocSuggestionDoc,
  KIND_LABELS,
  RejectDocSuggestionDoc,
  SuggestionCard,
  type Suggestion,
} from '../components/DocSuggestions';
import { QueryState } from '../components/query-state';
import { ErrorState } from '../components/states';
import { graphql } from '../gql';
import type { DocSuggestionKind } from '../gql/graphql';

export const DocReviewQueueDoc = graphql(`
  query DocReviewQueue($kind: [DocSuggestionKind!], $limit: Int) {
    docSuggestions(status: [PENDING], kind: $kind, limit: $limit) {
      totalCount
      suggestions {
        ...DocSuggestionFields
      }
    }
  }
`);

export const AcceptDocSuggestionsDoc = graphql(`
  mutation AcceptDocSuggestions($ids: [ID!]!) {
    acceptDocSuggestions(ids: $ids) {
      ...DocSuggestionFields
    }
  }
`);

export const RefreshDocSuggestionsDoc = graphql(`
  mutation RefreshDocSuggestions {
    refreshDocSuggestions {
      datasets
      proposals
      created
      updated
      withdrawn
    }
  }
`);

const QUEUE_CONTEXT = { additionalTypenames: ['DocSuggestion'] };

/** What the keys do, shown on the page. */
const SHORTCUTS: [string, string][] = [
  ['j / k', 'next / previous suggestion'],
  ['a', 'accept'],
  ['e', 'edit, then accept'],
  ['r', 'reject'],
  ['x', 'select for bulk accept'],
  ['Shift+A', 'accept the selected'],
];

/**
 * The review queue of pending documentation suggestions, most confident first, reviewed with the mouse or the
 * keyboard; the de group may also propose again from the hub.
 */
export default function DocReviewPage() {
  const identity = useIdentity();
  const canRefresh = canSee(identity, 'de');
  const [kind, setKind] = useState<DocSuggestionKind | ''>('');
  const kindId = useId();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DocReviewQueueDoc,
    variables: { ...(kind && { kind: [kind] }), limit: 100 },
    context: QUEUE_CONTEXT,
  });
  const [focus, setFocus] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [, accept] = useMutation(AcceptDocSuggestionDoc);
  const [, reject] = useMutation(RejectDocSuggestionDoc);
  const [bulk, acceptMany] = useMutation(AcceptDocSuggestionsDoc);
  const [refreshed, refresh] = useMutation(RefreshDocSuggestionsDoc);
  const suggestions = data?.docSuggestions.suggestions ?? [];
  const current: Suggestion | undefined = suggestions[Math.min(focus, suggestions.length - 1)];

  const after = useCallback(
    (decided: Suggestion[] | undefined, verb: string) => {
      if (!decided) return;
      const stale = decided.filter((d) => d.status === 'STALE').length;
      setNotice(
        `${decided.length - stale} ${verb}${stale ? `; ${stale} went stale (changed in DataHub since proposed)` : ''}.`,
      );
      setSelected(new Set());
      refetch({ requestPolicy: 'network-only' });
    },
    [refetch],
  );

  const acceptSelected = useCallback(async () => {
    if (selected.size === 0) return;
    after((await acceptMany({ ids: [...selected] })).data?.acceptDocSuggestions, 'accepted');
  }, [selected, acceptMany, after]);

  // A layout effect, so the handler that sees the newest queue is in place the moment that queue is on screen:
  // a key pressed right after the list appears acts on it rather than on the empty queue before it.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (editing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (
        target &&
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) &&
        target.getAttribute('type') !== 'checkbox'
      )
        return;
      if (!current) return;
      const key = event.key;
      if (key === 'j') setFocus((f) => Math.min(f + 1, suggestions.length - 1));
      else if (key === 'k') setFocus((f) => Math.max(f - 1, 0));
      else if (key === 'a')
        void accept({ id: current.id }).then((r) =>
          after(r.data ? [r.data.acceptDocSuggestion] : undefined, 'accepted'),
        );
      else if (key === 'r')
        void reject({ id: current.id }).then((r) =>
          after(r.data ? [r.data.rejectDocSuggestion] : undefined, 'rejected'),
        );
      else if (key === 'e' && current.text !== null) setEditing(current.id);
      else if (key === 'x')
        setSelected((s) => {
          const next = new Set(s);
          if (next.has(current.id)) next.delete(current.id);
          else next.add(current.id);
          return next;
        });
      else if (key === 'A') void acceptSelected();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current, editing, suggestions.length, accept, reject, after, acceptSelected]);

  useEffect(() => {
    document.querySelector('.suggestion-focused')?.scrollIntoView?.({ block: 'nearest' });
  }, [focus]);

  return (
    <div className="page">
      <h1>Documentation review</h1>
      <section className="card" aria-labelledby="queue-title">
        <div className="section-head">
          <h2 id="queue-title">Pending suggestions</h2>
          <div className="toolbar">
            <label htmlFor={kindId}>Kind</label>
            <select
              id={kindId}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as DocSuggestionKind | '');
                setFocus(0);
              }}
            >
              <option value="">All kinds</option>
              {(Object.keys(KIND_LABELS) as DocSuggestionKind[]).map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={selected.size === 0 || bulk.fetching}
              onClick={() => void acceptSelected()}
            >
              Accept selected ({selected.size})
            </button>
            {canRefresh && (
              <button
                type="button"
                disabled={refreshed.fetching}
                onClick={() =>
                  void refresh({}).then((r) => {
                    const x = r.data?.refreshDocSuggestions;
                    if (x)
                      setNotice(
                        `Proposed again from ${x.datasets} datasets: ${x.created} new, ${x.updated} updated.`,
                      );
                    refetch({ requestPolicy: 'network-only' });
                  })
                }
              >
                {refreshed.fetching ? 'Proposing…' : 'Propose again from DataHub'}
              </button>
            )}
          </div>
        </div>
        <p className="muted">
          Keys:{' '}
          {SHORTCUTS.map(([k, what], i) => (
            <span key={k}>
              {i > 0 && ' · '}
              <kbd>{k}</kbd> {what}
            </span>
          ))}
        </p>
        {notice && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
        {(bulk.error ?? refreshed.error) && (
          <ErrorState what="the action" error={(bulk.error ?? refreshed.error)!} />
        )}
        <QueryState
          result={{ data, fetching, error }}
          refetch={refetch}
          what="the review queue"
          isEmpty={() => suggestions.length === 0}
          empty={`Nothing to review${kind ? ` of this kind` : ''}.`}
        >
          {(data) => (
            <>
              <p className="muted">
                {data.docSuggestions.totalCount} pending
                {data.docSuggestions.totalCount > suggestions.length &&
                  `, the ${suggestions.length} most confident shown`}
                .
              </p>
              <ul className="suggestions" aria-label="Suggestions">
                {suggestions.map((s, i) => (
                  <SuggestionCard
                    key={s.id}
                    s={s}
                    showDataset
                    focused={s.id === current?.id}
                    selected={selected.has(s.id)}
                    onSelect={(on) =>
                      setSelected((prev) => {
                        const next = new Set(prev);
                        if (on) next.add(s.id);
                        else next.delete(s.id);
                        return next;
                      })
                    }
                    editing={editing === s.id}
                    onEdit={(on) => {
                      setFocus(i);
                      setEditing(on ? s.id : null);
                    }}
                    onDecided={(d) => after([d], d.status === 'REJECTED' ? 'rejected' : 'accepted')}
                  />
                ))}
              </ul>
            </>
          )}
        </QueryState>
      </section>
    </div>
  );
}
