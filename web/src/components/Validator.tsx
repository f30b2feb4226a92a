import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { ValidationObservations } from '../gql/graphql';
import { ErrorState } from './states';
import { ValidateDatasetMutation } from './validation';
import { ValidationHistory } from './ValidationPanel';
import { ValidationResult } from './ValidationResult';

/**
 * The validator: run a validation (stored), a dry run with a proposed data point (nothing stored), or either
 * as of a past time. `datetime-local` is the user's own time zone; the API takes epoch milliseconds.
 */
export function Validator({ initialUrn }: { initialUrn: string }) {
  const [urn, setUrn] = useState(initialUrn);
  const [asOf, setAsOf] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [rowCount, setRowCount] = useState('');
  const [sizeInBytes, setSizeInBytes] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [historyUrn, setHistoryUrn] = useState<string | null>(initialUrn || null);
  const [historyVersion, setHistoryVersion] = useState(0);
  const [result, validate] = useMutation(ValidateDatasetMutation);
  const id = useId();

  useEffect(() => {
    setUrn(initialUrn);
    if (initialUrn) setHistoryUrn(initialUrn);
  }, [initialUrn]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const target = urn.trim();
    if (!target.startsWith('urn:li:dataset:')) {
      setProblem(
        'Give a dataset urn, e.g. urn:li:dataset:(urn:li:dataPlatform:snowflake,db.schema.table,PROD).',
      );
      return;
    }
    const asOfMs = asOf ? new Date(asOf).getTime() : null;
    if (asOfMs != null && Number.isNaN(asOfMs)) {
      setProblem('The as-of time is not a valid date.');
      return;
    }
    let observations: ValidationObservations | null = null;
    if (dryRun && (rowCount || sizeInBytes)) {
      const rows = rowCount ? Number(rowCount) : null;
      const bytes = sizeInBytes ? Number(sizeInBytes) : null;
      if (
        (rows != null && !(Number.isInteger(rows) && rows >= 0)) ||
        (bytes != null && !(Number.isInteger(bytes) && bytes >= 0))
      ) {
        setProblem('Row count and size are whole numbers, 0 or more.');
        return;
      }
      observations = {
        ...(rows != null && { rowCount: rows }),
        ...(bytes != null && { sizeInBytes: bytes }),
      };
    }
    setHistoryUrn(target);
    const outcome = await validate({ urn: target, asOf: asOfMs, dryRun, observations });
    if (!dryRun && outcome.data) setHistoryVersion((v) => v + 1);
  }

  return (
    <div className="validator">
      <form className="validator-form" onSubmit={(e) => void submit(e)} aria-label="Validate a dataset">
        <div className="field grow">
          <label htmlFor={`${id}-urn`}>Dataset urn</label>
          <input
            id={`${id}-urn`}
            type="text"
            value={urn}
            onChange={(e) => setUrn(e.target.value)}
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-asof`}>As of (empty: now)</label>
          <input
            id={`${id}-asof`}
            type="datetime-local"
            value={asOf}
            onChange={(e) => setAsOf(e.target.value)}
          />
        </div>
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run
            (store nothing)
          </label>
        </div>
        {dryRun && (
          <fieldset className="observations">
            <legend>Proposed data point (optional)</legend>
            <div className="field">
              <label htmlFor={`${id}-rows`}>Row count</label>
              <input
                id={`${id}-rows`}
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                value={rowCount}
                onChange={(e) => setRowCount(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-bytes`}>Size in bytes</label>
              <input
                id={`${id}-bytes`}
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                value={sizeInBytes}
                onChange={(e) => setSizeInBytes(e.target.value)}
              />
            </div>
          </fieldset>
        )}
        <button type="submit" className="primary" disabled={result.fetching}>
          {result.fetching ? 'Validating…' : dryRun ? 'Dry run' : 'Run validation'}
        </button>
      </form>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div aria-live="polite">
        {result.error && <ErrorState what="the validation" error={result.error} />}
        {result.data && <ValidationResult result={result.data.validateDataset} />}
      </div>
      {historyUrn && (
        <>
          <h3>History of {historyUrn}</h3>
          <ValidationHistory urn={historyUrn} version={historyVersion} />
        </>
      )}
    </div>
  );
}
