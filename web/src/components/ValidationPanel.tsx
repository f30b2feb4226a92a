import { lazy, Suspense, useEffect } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { QueryState } from './query-state';
import { Loading } from './states';
import { CurrentValidationQueryDoc, ValidationHistoryQueryDoc } from './validation';
import { ValidationResult } from './ValidationResult';

const ValidationHistoryChart = lazy(() => import('./ValidationHistoryChart'));

/** The dataset page's validation status (a read anyone may do: nothing is stored) and, for DE, its stored history. */
export function ValidationPanel({ urn, withHistory }: { urn: string; withHistory: boolean }) {
  const [current, refetch] = useQuery({ query: CurrentValidationQueryDoc, variables: { urn } });
  return (
    <>
      <QueryState
        result={{ ...current, data: current.data?.dataset?.validation }}
        refetch={refetch}
        what="the validation"
      >
        {(validation) => <ValidationResult result={validation} />}
      </QueryState>
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
  const [result, refetch] = useQuery({
    query: ValidationHistoryQueryDoc,
    variables: { urn, limit: 100 },
  });
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);
  return (
    <QueryState
      result={{ ...result, data: result.data?.validationHistory.runs }}
      refetch={refetch}
      what="the validation history"
      isEmpty={(runs) => runs.length === 0}
      empty="No stored validation runs yet: run one in the validator."
    >
      {(runs) => (
        <Suspense fallback={<Loading what="the chart" />}>
          <ValidationHistoryChart runs={runs} />
        </Suspense>
      )}
    </QueryState>
  );
}
