import type { ReactNode } from 'react';
import type { CombinedError, UseQueryExecute } from 'urql';
import { Empty, ErrorState, Loading } from './states';

/** What `QueryState` reads of a urql query's state; `data` may be a part of the answer the view needs. */
export interface QueryStateResult<Data> {
  data?: Data | null;
  fetching: boolean;
  error?: CombinedError;
}

/**
 * A query's loading, error and empty states, the same on every page; `children` draws the loaded data.
 * Data already loaded stays on screen while it is fetched again, and an error with data still at hand is
 * left for the view to mention (it keeps the data it has).
 */
export function QueryState<Data>({
  result,
  refetch,
  what,
  isEmpty,
  empty,
  children,
}: {
  result: QueryStateResult<Data>;
  refetch: UseQueryExecute;
  /** Names the data in the texts: "Loading {what}…", "Could not load {what}." */
  what: string;
  /** When it answers true for the loaded data, `empty` is shown instead of `children`. */
  isEmpty?: (data: NonNullable<Data>) => boolean;
  empty?: ReactNode;
  children: (data: NonNullable<Data>) => ReactNode;
}) {
  const { data, fetching, error } = result;
  if (data == null) {
    if (fetching) return <Loading what={what} />;
    return (
      <ErrorState
        what={what}
        error={error ?? 'No answer.'}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
      />
    );
  }
  if (isEmpty?.(data)) return <Empty>{empty}</Empty>;
  return children(data);
}
