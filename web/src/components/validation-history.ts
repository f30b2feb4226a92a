import type { ValidationHistoryQuery, ValidationSeverity } from '../gql/graphql';

/**
 * Turns stored validation runs into chart points for one metric. A run lists every metric it judged with the
 * observed value and expected band (`metrics`), passing ones included; runs stored before that list existed
 * report numbers only for what they flagged (`issues`), so those are the fallback. Issues about an upstream
 * dataset (relatedUrn) are that dataset's numbers, not this one's, and are left out.
 */
export type Run = ValidationHistoryQuery['validationHistory']['runs'][number];

export interface HistoryPoint {
  t: number;
  status: Run['status'];
  observed: number | null;
  /** [expectedLow, expectedHigh] as Recharts draws a ranged area; null where the run gave no band. */
  band: [number, number] | null;
  severity: ValidationSeverity | null;
}

/** Metrics that some run gave a number for, the most often flagged first. */
/** Metrics some run gave a number for, the most often flagged first, then the most often judged. */
export function chartableMetrics(runs: Run[]): string[] {
  const flagged = new Map<string, number>();
  const judged = new Map<string, number>();
  const count = (map: Map<string, number>, metric: string) => map.set(metric, (map.get(metric) ?? 0) + 1);
  for (const run of runs) {
    for (const issue of run.issues) {
      if (issue.observed != null && !issue.relatedUrn) count(flagged, issue.metric);
    }
    for (const m of run.metrics ?? []) count(judged, m.metric);
  }
  const metrics = new Set([...flagged.keys(), ...judged.keys()]);
  return [...metrics].sort(
    (a, b) =>
      (flagged.get(b) ?? 0) - (flagged.get(a) ?? 0) ||
      (judged.get(b) ?? 0) - (judged.get(a) ?? 0) ||
      a.localeCompare(b),
  );
}

export function historySeries(runs: Run[], metric: string | null): HistoryPoint[] {
  return [...runs]
    .sort((a, b) => a.asOf - b.asOf)
    .map((run) => {
      const issue = metric ? run.issues.find((i) => i.metric === metric && !i.relatedUrn) : undefined;
      const judged = metric ? (run.metrics ?? []).find((m) => m.metric === metric) : undefined;
      const low = judged?.expectedLow ?? issue?.expectedLow;
      const high = judged?.expectedHigh ?? issue?.expectedHigh;
      return {
        t: run.asOf,
        status: run.status,
        observed: judged?.observed ?? issue?.observed ?? null,
        band: low != null && high != null ? [low, high] : null,
        severity: issue?.severity ?? null,
      };
    });
}
