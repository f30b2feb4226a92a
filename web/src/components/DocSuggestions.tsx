import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { useIdentity } from '../auth/AuthContext';
import { canSee } from '../auth/identity';
import { graphql } from '../gql';
import type { DocSuggestionFieldsFragment } from '../gql/graphql';
import { datasetPath, formatPercent, shortName } from '../lib/format';
import { QueryState } from './query-state';
import { ErrorState } from './states';

/**
 * Documentation suggestions (de subgraph): one suggestion as a card with its evidence, and the accept (with an
 * optional edit) and reject actions; the panel of a dataset's pending suggestions on its page.
 */

export const DocSuggestionFields = graphql(`
  fragment DocSuggestionFields on DocSuggestion {
    id
    kind
    status
    datasetUrn
    fieldPath
    text
    termName
    domainName
    upstreamFields
    transformOperation
    confidence
    phrasedBy
    staleReason
    writtenText
    evidence {
      kind
      detail
      urn
      fieldPath
    }
  }
`);

export const AcceptDocSuggestionDoc = graphql(`
  mutation AcceptDocSuggestion($id: ID!, $editedText: String) {
    acceptDocSuggestion(id: $id, editedText: $editedText) {
      ...DocSuggestionFields
    }
  }
`);

export const RejectDocSuggestionDoc = graphql(`
  mutation RejectDocSuggestion($id: ID!) {
    rejectDocSuggestion(id: $id) {
      ...DocSuggestionFields
    }
  }
`);

export const DatasetDocSuggestionsDoc = graphql(`
  query DatasetDocSuggestions($urn: String!) {
    dataset(urn: $urn) {
      urn
      docSuggestions {
        ...DocSuggestionFields
      }
    }
  }
`);

export type Suggestion = DocSuggestionFieldsFragment;

export const KIND_LABELS: Record<Suggestion['kind'], string> = {
  COLUMN_DESCRIPTION: 'Column description',
  TABLE_DESCRIPTION: 'Table description',
  COLUMN_LINEAGE: 'Column lineage',
  GLOSSARY_TERM: 'Glossary term',
  NEW_GLOSSARY_TERM: 'New glossary term',
  DOMAIN: 'Domain',
  SIMILAR_TABLES: 'Similar tables',
};

const TEXT_KINDS = new Set<Suggestion['kind']>([
  'COLUMN_DESCRIPTION',
  'TABLE_DESCRIPTION',
  'SIMILAR_TABLES',
  'NEW_GLOSSARY_TERM',
]);

/** Whether the caller may accept and reject (the de and dg groups). */
export function useCanReview(): boolean {
  const identity = useIdentity();
  return canSee(identity, 'de') || canSee(identity, 'dg');
}

/** What the suggestion proposes, in one line or paragraph. */
function Proposed({ s }: { s: Suggestion }) {
  switch (s.kind) {
    case 'GLOSSARY_TERM':
      return (
        <p>
          Add the term <strong>{s.termName}</strong>
        </p>
      );
    case 'NEW_GLOSSARY_TERM':
      return (
        <p>
          Create the term <strong>{s.termName}</strong>: {s.text}
        </p>
      );
    case 'DOMAIN':
      return (
        <p>
          Put it in the domain <strong>{s.domainName}</strong>
        </p>
      );
    case 'COLUMN_LINEAGE':
      return (
        <p>
          Derived from {(s.upstreamFields ?? []).map(fieldLabel).join(', ')} (
          <code>{s.transformOperation}</code>)
        </p>
      );
    default:
      return <p className="proposed-text">{s.text}</p>;
  }
}

/** `urn:li:schemaField:(urn:li:dataset:(…,db.orders,PROD),amount)` → `orders.amount` */
function fieldLabel(urn: string): string {
  const m = /^urn:li:schemaField:\(urn:li:dataset:\(urn:li:dataPlatform:[^,]+,(.+),[^,]+\),(.+)\)$/.exec(urn);
  return m ? `${shortName(m[1]!)}.${m[2]}` : urn;
}

export interface SuggestionCardProps {
  s: Suggestion;
  /** Shows the dataset's name and a link to it (the review queue; not the dataset's own page). */
  showDataset?: boolean;
  selected?: boolean;
  onSelect?: (selected: boolean) => void;
  focused?: boolean;
  editing: boolean;
  onEdit: (editing: boolean) => void;
  onDecided?: (s: Suggestion) => void;
}

export function SuggestionCard(props: SuggestionCardProps) {
  const { s, editing } = props;
  const canReview = useCanReview();
  const [draft, setDraft] = useState(s.text ?? '');
  const [accepted, accept] = useMutation(AcceptDocSuggestionDoc);
  const [rejected, reject] = useMutation(RejectDocSuggestionDoc);
  const error = accepted.error ?? rejected.error;
  const busy = accepted.fetching || rejected.fetching;
  const decide = async (action: 'accept' | 'reject', editedText?: string) => {
    const result =
      action === 'accept'
        ? (await accept({ id: s.id, ...(editedText !== undefined && { editedText }) })).data
            ?.acceptDocSuggestion
        : (await reject({ id: s.id })).data?.rejectDocSuggestion;
    if (result) {
      props.onEdit(false);
      props.onDecided?.(result);
    }
  };
  const title = s.fieldPath
    ? `${shortName(s.datasetUrn.split(',')[1] ?? s.datasetUrn)}.${s.fieldPath}`
    : null;
  return (
    <li
      className={`suggestion${props.focused ? ' suggestion-focused' : ''}`}
      aria-current={props.focused ? 'true' : undefined}
      data-suggestion-id={s.id}
    >
      <div className="suggestion-head">
        {props.onSelect && (
          <input
            type="checkbox"
            aria-label={`Select ${KIND_LABELS[s.kind]}${s.fieldPath ? ` of ${s.fieldPath}` : ''}`}
            checked={props.selected ?? false}
            onChange={(e) => props.onSelect?.(e.target.checked)}
          />
        )}
        <span className="pill">{KIND_LABELS[s.kind]}</span>
        {props.showDataset ? (
          <Link to={datasetPath(s.datasetUrn)}>
            {title ?? shortName(s.datasetUrn.split(',')[1] ?? s.datasetUrn)}
          </Link>
        ) : (
          s.fieldPath && <code>{s.fieldPath}</code>
        )}
        <span className="muted">
          {formatPercent(s.confidence)} sure{s.phrasedBy === 'LLM' ? ' · phrased by the LLM' : ''}
        </span>
        {s.status !== 'PENDING' && <span className="pill">{s.status.toLowerCase()}</span>}
      </div>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void decide('accept', draft);
          }}
        >
          <label>
            Edited text
            <textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={3} autoFocus />
          </label>
          <div className="toolbar">
            <button type="submit" disabled={busy}>
              Accept edited
            </button>
            <button type="button" className="link-button" onClick={() => props.onEdit(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <Proposed s={s} />
      )}
      {s.staleReason && <p className="notice">Stale: {s.staleReason}</p>}
      <details>
        <summary>Evidence ({s.evidence.length})</summary>
        <ul className="evidence">
          {s.evidence.map((e, i) => (
            <li key={i}>
              <span className="muted">{e.kind.replace(/_/g, ' ')}:</span> {e.detail}
            </li>
          ))}
        </ul>
      </details>
      {canReview && s.status === 'PENDING' && !editing && (
        <div className="toolbar">
          <button type="button" disabled={busy} onClick={() => void decide('accept')}>
            Accept
          </button>
          {TEXT_KINDS.has(s.kind) && (
            <button type="button" disabled={busy} onClick={() => props.onEdit(true)}>
              Edit
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => void decide('reject')}>
            Reject
          </button>
        </div>
      )}
      {error && <ErrorState what="the decision" error={error} />}
    </li>
  );
}

/** A dataset's pending suggestions, on its page. */
export function DocSuggestionsPanel({ urn }: { urn: string }) {
  const [result, refetch] = useQuery({
    query: DatasetDocSuggestionsDoc,
    variables: { urn },
  });
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <QueryState
      result={{ ...result, data: result.data && (result.data.dataset?.docSuggestions ?? []) }}
      refetch={refetch}
      what="documentation suggestions"
      isEmpty={(suggestions) => suggestions.length === 0}
      empty="No pending suggestions for this dataset."
    >
      {(suggestions) => (
        <ul className="suggestions">
          {suggestions.map((s) => (
            <SuggestionCard
              key={s.id}
              s={s}
              editing={editing === s.id}
              onEdit={(on) => setEditing(on ? s.id : null)}
              onDecided={() => refetch({ requestPolicy: 'network-only' })}
            />
          ))}
        </ul>
      )}
    </QueryState>
  );
}
