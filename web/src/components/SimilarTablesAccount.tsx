import { useQuery } from 'urql';
import { graphql } from '../gql';

/**
 * How a table differs from its copies, as DataSpoke's documentation suggestions tell it (the similar-tables
 * account: columns only in one, filters, grain, freshness, layer, owners, deprecation), shown in a search
 * result's copy group. Read only once the group is opened; nothing is shown when there is no account or the
 * reader may not see suggestions.
 */
export const SimilarTablesAccountDoc = graphql(`
  query SimilarTablesAccount($urn: String!) {
    docSuggestions(urn: $urn, kind: [SIMILAR_TABLES], status: [ACCEPTED, PENDING], limit: 1) {
      suggestions {
        id
        status
        text
        writtenText
      }
    }
  }
`);

export function SimilarTablesAccount({ urn, open }: { urn: string; open: boolean }) {
  const [{ data }] = useQuery({ query: SimilarTablesAccountDoc, variables: { urn }, pause: !open });
  const s = data?.docSuggestions.suggestions[0];
  const text = s?.writtenText ?? s?.text;
  if (!s || !text) return null;
  return (
    <p className="similar-account" aria-label="How the copies differ">
      {text}{' '}
      <span className="muted">
        ({s.status === 'ACCEPTED' ? 'in its DataHub description' : 'proposed by DataSpoke, pending review'})
      </span>
    </p>
  );
}
