import { lazy, Suspense, useEffect } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { Empty, ErrorState, Loading } from './states';
import { CurrentValidationQueryDoc, ValidationHistoryQueryDoc } from './validation';
import { ValidationResult } from './ValidationResult';

const ValidationHistoryChart = lazy(() => import('./ValidationHistoryChart'));

/** The dataset page's validation status (a read anyone may do: nothing is stored) and, for DE, its stored history. */
export function ValidationPanel({ urn, withHistory }: { urn: string; withHistory: boolean }) {
  const [current, refetch] = useQuery({ query: CurrentValidationQueryDoc, variables: { urn } });
  const validation = current.data?.dataset?.validation;
  return (
    <>
      {current.fetching && !current.data ? (
        <Loading what="the validation" />
      ) : !validation ? (
        <ErrorState
          what="the validation"
          error={current.error ?? 'No answer.'}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
        />
      ) : (
        <ValidationResult result={validation} />
      )}
      {withHistory ? (
        <>
          <p>
            <Link to={`/engineering?urn=${encodeURIComponent(urn)}`}>
              Run, dry-run or check as of a time in the validator →
            </Link>
          </p>
          <h3>History</h3>
          <ValidationHistory urn={urn} />
        </>
      ) : (
        <p className="muted">Running validations and their history belong to the DE spoke.</p>
      )}
    </>
  );
}

/** `version` changes after a stored run: urql's document cache cannot know an empty history went stale. */
export function ValidationHistory({ urn, version = 0 }: { urn: string; version?: number }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ValidationHistoryQueryDoc,
    variables: { urn, limit: 100 },
  });
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);
  if (fetching && !data) return <Loading what="the validation history" />;
  if (!data) {
    return (
      <ErrorState
        what="the validation history"
        error={error ?? 'No answer.'}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
      />
    );
  }
  const runs = data.validationHistory.runs;
  if (runs.length === 0) return <Empty>No stored validation runs yet: run one in the validator.</Empty>;
  return (
    <Suspense fallback={<Loading what="the chart" />}>
      <ValidationHistoryChart runs={runs} />
    </Suspense>
  );
}
