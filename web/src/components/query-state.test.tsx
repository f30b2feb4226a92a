// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { CombinedError } from 'urql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueryState, type QueryStateResult } from './query-state';

afterEach(cleanup);

type Runs = { runs: string[] };

function renderState(result: QueryStateResult<Runs>, refetch = vi.fn()) {
  render(
    <QueryState
      result={result}
      refetch={refetch}
      what="the runs"
      isEmpty={(d) => d.runs.length === 0}
      empty="No runs yet."
    >
      {(d) => (
        <ul aria-label="Runs">
          {d.runs.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </QueryState>,
  );
  return refetch;
}

describe('QueryState: a query’s loading, error and empty states', () => {
  it('says it is loading, to screen readers too, until the first answer', () => {
    renderState({ fetching: true });
    expect(screen.getByRole('status').textContent).toContain('Loading the runs…');
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('shows the gateway’s error and retries from the network', () => {
    const error = new CombinedError({
      graphQLErrors: [{ message: 'DataHub is down', extensions: { code: 'DATAHUB_UNAVAILABLE' } }],
    });
    const refetch = renderState({ fetching: false, error });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Could not load the runs. DATAHUB_UNAVAILABLE: DataHub is down');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(refetch).toHaveBeenCalledExactlyOnceWith({ requestPolicy: 'network-only' });
  });

  it('says there was no answer when the query ended with neither data nor error', () => {
    renderState({ fetching: false, data: null });
    expect(screen.getByRole('alert').textContent).toContain('Could not load the runs. No answer.');
  });

  it('shows the empty message when the data is empty', () => {
    renderState({ fetching: false, data: { runs: [] } });
    expect(screen.getByText('No runs yet.')).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('draws the data, and keeps it on screen while it is fetched again or a refetch failed', () => {
    renderState({ fetching: true, data: { runs: ['a', 'b'] } });
    expect(screen.getByRole('list', { name: 'Runs' }).textContent).toBe('ab');
    expect(screen.queryByRole('status')).toBeNull();
    cleanup();
    renderState({
      fetching: false,
      data: { runs: ['a'] },
      error: new CombinedError({ networkError: new Error('x') }),
    });
    expect(screen.getByRole('list', { name: 'Runs' }).textContent).toBe('a');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
