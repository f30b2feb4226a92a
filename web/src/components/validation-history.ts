import type { ValidationHistoryQuery } from '../gql/graphql';

/**
 * Turns stored validation runs into chart points for one metric. A run reports a metric's observed value and
 * expected band only when it flagged that metric, so points of passing runs carry the status alone. Issues
 * about an upstream dataset (relatedUrn) are that dataset's numbers, not this one's, and are left out.
 */
export type Run = ValidationHistoryQuery['validationHistory']['runs'][number];

export interface HistoryPoint {
  t: number;
  status: Run['status'];
  observed: number | null;
  /** [expectedLow, expectedHigh] as Recharts draws a ranged area; null where the run gave no band. */
  band: [number, number] | null;
  severity: 'WARN' | 'FAIL' | null;
}

/** Metrics that some run gave a number for, the most often flagged first. */
export function chartableMetrics(runs: Run[]): string[] {
  const counts = new Map<string, number>();
  for (const run of runs) {
    for (const issue of run.issues) {
      if (issue.observed != null && !issue.relatedUrn)
        counts.set(issue.metric, (counts.get(issue.metric) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([m]) => m);
}

export function historySeries(runs: Run[], metric: string | null): HistoryPoint[] {
  return [...runs]
    .sort((a, b) => a.asOf - b.asOf)
    .map((run) => {
      const issue = metric ? run.issues.find((i) => i.metric === metric && !i.relatedUrn) : undefined;
      return {
        t: run.asOf,
        status: run.status,
        observed: issue?.observed ?? null,
        band:
          issue && issue.expectedLow != null && issue.expectedHigh != null
            ? [issue.expectedLow, issue.expectedHigh]
            : null,
        severity: issue?.severity ?? null,
      };
    });
}
