import { Cron } from 'croner';
import type { WorkflowsConfig } from '@dataspoke/platform/config/config';
import type { WorkflowName } from './workflows/types.js';

/** A schedule as configured: its id (the same in the store and in Temporal), its workflow and its spec. */
export interface ScheduleDefinition {
  id: string;
  workflow: WorkflowName;
  /** `every 1h` or a five-field cron expression (UTC). */
  spec: string;
}

/** A schedule's state, as `dataspoke schedules list` shows it. */
export interface ScheduleState extends ScheduleDefinition {
  paused: boolean;
  /** Epoch ms of the next run (null when paused or not known). */
  nextRunAt: number | null;
  lastRunAt: number | null;
  note: string | null;
}

/** An unknown schedule id; a code and a reason for the CLI and the API. */
export class ScheduleNotFoundError extends Error {
  readonly code = 'SCHEDULE_NOT_FOUND';
  constructor(id: string, known: readonly string[]) {
    super(`no schedule "${id}"; the schedules are ${known.join(', ') || 'none (all off)'}`);
    this.name = 'ScheduleNotFoundError';
  }
}

const SCHEDULED: readonly { id: string; workflow: WorkflowName; key: keyof WorkflowsConfig }[] = [
  { id: 'catalog-health-sweep', workflow: 'catalogHealthSweep', key: 'catalogHealthSweep' },
  { id: 'metrics-collection', workflow: 'metricsCollection', key: 'metricsCollection' },
  { id: 'embedding-maintenance', workflow: 'embeddingMaintenance', key: 'embeddingMaintenance' },
  { id: 'techspec-ingestion', workflow: 'techSpecIngestion', key: 'techSpecIngestion' },
];

/** The schedules the configuration asks for; one set `off` has none. */
export function configuredSchedules(config: WorkflowsConfig): ScheduleDefinition[] {
  return SCHEDULED.map((s) => ({ id: s.id, workflow: s.workflow, spec: String(config[s.key]) })).filter(
    (s) => s.spec !== 'off',
  );
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `every 15m` as milliseconds; null for a cron expression. */
export function intervalMs(spec: string): number | null {
  const m = /^every ([1-9]\d*)([smhd])$/.exec(spec.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : null;
}

/** The first tick of `spec` after `after` (epoch ms); throws on a malformed cron expression. */
export function nextTick(spec: string, after: number): number {
  const every = intervalMs(spec);
  if (every !== null) return after + every;
  const next = new Cron(spec, { timezone: 'UTC', paused: true }).nextRun(new Date(after));
  if (!next) throw new Error(`schedule "${spec}" has no future run`);
  return next.getTime();
}
