import type { CombinedError } from 'urql';
import type { ReactNode } from 'react';

/** Loading, empty and error states look the same on every page, and screen readers hear them. */

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}

export function ErrorState({
  what,
  error,
  onRetry,
}: {
  what: string;
  error: CombinedError | string;
  onRetry?: () => void;
}) {
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>Could not load {what}.</strong> {describeError(error)}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** The gateway's own words (GraphQL error codes such as DATAHUB_UNAVAILABLE) rather than urql's prefixes. */
export function describeError(error: CombinedError | string): string {
  if (typeof error === 'string') return error;
  if (error.networkError) return `The gateway could not be reached (${error.networkError.message}).`;
  return error.graphQLErrors
    .map((e) => {
      const code = e.extensions?.code;
      return typeof code === 'string' ? `${code}: ${e.message}` : e.message;
    })
    .join(' ');
}

/** A panel whose data comes from a feature that this build of the API does not have yet. */
export function NotAvailable({ feature, children }: { feature: string; children?: ReactNode }) {
  return (
    <div className="state state-unavailable">
      <p>
        <strong>{feature} is not available from this gateway yet.</strong> {children}
      </p>
    </div>
  );
}
