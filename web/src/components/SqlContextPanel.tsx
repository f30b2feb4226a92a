import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { describeError, ErrorState, Loading, NotAvailable } from './states';

export const DatasetSqlContextQuery = graphql(`
  query DatasetSqlContext($urn: String!) {
    dataset(urn: $urn) {
      urn
      sqlContext {
        text
        tokens
        tokenBudget
        warnings
        tables {
          name
          grain
          caveats
        }
      }
    }
  }
`);

/** Codes with which the gateway says a feature is switched off here, rather than that something broke. */
const UNAVAILABLE = new Set(['SEARCH_UNAVAILABLE']);

/** Text-to-SQL context starting from this dataset, ready to paste into an LLM prompt. */
export function SqlContextPanel({ urn }: { urn: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DatasetSqlContextQuery,
    variables: { urn },
  });
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const context = data?.dataset?.sqlContext;

  if (fetching && !data) return <Loading what="the SQL context" />;
  if (!context) {
    const code = error?.graphQLErrors[0]?.extensions?.code;
    if (typeof code === 'string' && UNAVAILABLE.has(code)) {
      return <NotAvailable feature="SQL context">{error ? describeError(error) : null}</NotAvailable>;
    }
    return (
      <ErrorState
        what="the SQL context"
        error={error ?? 'No answer.'}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
      />
    );
  }

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      // Clipboard access needs a secure context (https or localhost) and permission.
      setCopied('failed');
    }
  }

  return (
    <div className="sql-block">
      <div className="toolbar">
        <button type="button" onClick={() => void copy(context.text)}>
          Copy to clipboard
        </button>
        <span className="muted" role="status">
          {copied === 'yes'
            ? 'Copied.'
            : copied === 'failed'
              ? 'The browser refused the clipboard; select the text instead.'
              : `${context.tokens} of ${context.tokenBudget} tokens · ${context.tables.length} tables`}
        </span>
      </div>
      {context.warnings.length > 0 && <p className="notice">{context.warnings.join(' ')}</p>}
      <pre tabIndex={0} aria-label="SQL context">
        <code>{context.text}</code>
      </pre>
    </div>
  );
}
