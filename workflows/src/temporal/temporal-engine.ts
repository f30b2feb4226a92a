import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import {
  Client,
  Connection,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError as TemporalScheduleNotFound,
  ScheduleOverlapPolicy,
  type ScheduleOptionsAction,
  type ScheduleSpec,
} from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { WorkflowsConfig } from '@dataspoke/platform/config/config';
import type { ActivityContext } from '../activities.js';
import type { TriggeredRun, WorkflowEngine } from '../engine.js';
import {
  intervalMs,
  ScheduleNotFoundError,
  type ScheduleDefinition,
  type ScheduleState,
} from '../schedules.js';
import type { WorkflowActivities, WorkflowInput } from '../workflows/types.js';

/** The running activity's context under Temporal (createActivities' `context` in a worker). */
export function temporalActivityContext(): ActivityContext {
  const ctx = Context.current();
  return { heartbeat: (d) => ctx.heartbeat(d), lastHeartbeat: () => ctx.info.heartbeatDetails as unknown };
}

/** The workflow bundle's entry beside this file (.ts when run from source, .js when built). */
function workflowsPath(): string {
  const here = fileURLToPath(import.meta.url);
  return here.replace(/temporal-engine\.(ts|js)$/, 'workflows.$1');
}

/** The SDK logs every worker state change at INFO; warnings and errors are what an operator needs. */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already (a second worker in this process): keep it.
  }
}

export interface TemporalEngineOptions {
  config: Pick<WorkflowsConfig, 'temporalAddress' | 'temporalNamespace' | 'taskQueue' | 'temporalIdPrefix'>;
  schedules: readonly ScheduleDefinition[];
  /** Built with `context: temporalActivityContext`; absent: this process runs no worker. */
  activities?: WorkflowActivities;
  log?: (line: string) => void;
}

function specOf(spec: string): ScheduleSpec {
  const every = intervalMs(spec);
  return every !== null ? { intervals: [{ every }] } : { cronExpressions: [spec] };
}

/**
 * Temporal: schedules are Temporal Schedules (created at start if missing, their spec and action updated
 * if changed, a pause kept), and a worker on the task queue runs the workflow bundle and the activities.
 */
export class TemporalWorkflowEngine implements WorkflowEngine {
  readonly kind = 'temporal';
  private worker: Worker | null = null;
  private running: Promise<void> | null = null;

  private constructor(
    private readonly options: TemporalEngineOptions,
    private readonly connection: Connection,
    private readonly client: Client,
  ) {}

  static async connect(options: TemporalEngineOptions): Promise<TemporalWorkflowEngine> {
    const address = options.config.temporalAddress;
    if (!address) throw new Error('the Temporal engine needs TEMPORAL_ADDRESS');
    const connection = await Connection.connect({ address });
    const client = new Client({ connection, namespace: options.config.temporalNamespace });
    return new TemporalWorkflowEngine(options, connection, client);
  }

  /** The schedule's id on Temporal: the installation's prefix and the plain id. */
  private temporalId(id: string): string {
    return `${this.options.config.temporalIdPrefix}${id}`;
  }

  private action(s: ScheduleDefinition): ScheduleOptionsAction {
    const input: WorkflowInput = { scheduleId: s.id, trigger: 'schedule' };
    return {
      type: 'startWorkflow',
      workflowType: s.workflow,
      // Temporal appends each tick's time to it.
      workflowId: this.temporalId(s.id),
      taskQueue: this.options.config.taskQueue,
      args: [input],
    };
  }

  async ensureSchedules(): Promise<void> {
    for (const s of this.options.schedules) {
      try {
        await this.client.schedule.create({
          scheduleId: this.temporalId(s.id),
          spec: specOf(s.spec),
          action: this.action(s),
          policies: { overlap: ScheduleOverlapPolicy.SKIP },
        });
        this.options.log?.(`workflows: created the Temporal schedule ${this.temporalId(s.id)} (${s.spec})`);
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        await this.client.schedule.getHandle(this.temporalId(s.id)).update((previous) => ({
          ...previous,
          spec: specOf(s.spec),
          action: this.action(s),
        }));
      }
    }
  }

  private definition(id: string): ScheduleDefinition {
    const s = this.options.schedules.find((d) => d.id === id);
    if (!s)
      throw new ScheduleNotFoundError(
        id,
        this.options.schedules.map((d) => d.id),
      );
    return s;
  }

  private handle(id: string) {
    return this.client.schedule.getHandle(this.temporalId(this.definition(id).id));
  }

  async list(): Promise<ScheduleState[]> {
    return Promise.all(
      this.options.schedules.map(async (s) => {
        try {
          const d = await this.client.schedule.getHandle(this.temporalId(s.id)).describe();
          return {
            ...s,
            paused: d.state.paused,
            nextRunAt: d.state.paused ? null : (d.info.nextActionTimes[0]?.getTime() ?? null),
            lastRunAt: d.info.recentActions.at(-1)?.takenAt.getTime() ?? null,
            note: d.state.note ?? null,
          };
        } catch (error) {
          if (!(error instanceof TemporalScheduleNotFound)) throw error;
          return { ...s, paused: false, nextRunAt: null, lastRunAt: null, note: 'not created yet' };
        }
      }),
    );
  }

  async pause(id: string, note?: string): Promise<void> {
    await this.handle(id).pause(note ?? 'paused from the dataspoke CLI');
  }

  async resume(id: string): Promise<void> {
    await this.handle(id).unpause('resumed from the dataspoke CLI');
  }

  /**
   * Starts the schedule's workflow now as a run of its own (not through the schedule, whose runs are
   * recorded as scheduled ones), like the in-process engine: recorded with the trigger `manual`.
   */
  async trigger(id: string): Promise<TriggeredRun> {
    const s = this.definition(id);
    const input: WorkflowInput = { scheduleId: s.id, trigger: 'manual' };
    const handle = await this.client.workflow.start(s.workflow, {
      workflowId: `${this.temporalId(s.id)}-manual-${randomUUID()}`,
      taskQueue: this.options.config.taskQueue,
      args: [input],
    });
    return { runId: handle.workflowId, workflow: s.workflow, finished: null };
  }

  /** Runs a worker on the task queue (when this process was given the activities). */
  async start(): Promise<void> {
    await this.ensureSchedules();
    if (!this.options.activities) return;
    quietRuntime();
    const connection = await NativeConnection.connect({ address: this.options.config.temporalAddress! });
    this.worker = await Worker.create({
      connection,
      namespace: this.options.config.temporalNamespace,
      taskQueue: this.options.config.taskQueue,
      workflowsPath: workflowsPath(),
      activities: this.options.activities,
      bundlerOptions: {
        // The sources import siblings as .js (NodeNext); from source those are .ts files.
        webpackConfigHook: (config) => ({
          ...config,
          resolve: { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } },
        }),
      },
    });
    this.running = this.worker.run().finally(() => connection.close());
    this.options.log?.(
      `workflows: Temporal worker on ${this.options.config.taskQueue} (${this.options.config.temporalAddress})`,
    );
  }

  async ping(): Promise<void> {
    // gRPC's standard health service on Temporal's frontend; SERVING is 1.
    const { status } = await this.connection.healthService.check({});
    if ((status as number) !== 1) throw new Error(`Temporal frontend health status ${String(status)}`);
  }

  async stop(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection.close();
  }
}
