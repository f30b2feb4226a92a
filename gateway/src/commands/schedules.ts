import type { Command } from 'commander';
import { loadConfig } from '@dataspoke/platform/config/config';
import type { WorkflowEngine } from '@dataspoke/workflows/engine';
import { WorkflowRunLog } from '@dataspoke/workflows/run-log';
import type { ScheduleState } from '@dataspoke/workflows/schedules';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { openWorkflowEngine } from '../workflow-engine.js';

async function withEngine(
  run: (engine: WorkflowEngine, stack: EmbeddedStack) => Promise<void>,
): Promise<void> {
  const stack = await openEmbeddedStack(loadConfig(), { prepareSearch: false });
  // Under Temporal this process is a client (a triggered run goes to the workers); in process it runs the
  // triggered workflow itself.
  const engine = await openWorkflowEngine(stack, {
    runWork: false,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  try {
    await engine.ensureSchedules();
    await run(engine, stack);
  } finally {
    await engine.stop();
    await stack.close();
  }
}

const time = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

export function formatSchedules(engine: string, schedules: readonly ScheduleState[]): string {
  const rows = [
    ['SCHEDULE', 'WORKFLOW', 'SPEC', 'STATE', 'NEXT RUN', 'LAST RUN'],
    ...schedules.map((s) => [
      s.id,
      s.workflow,
      s.spec,
      s.paused ? `paused${s.note ? ` (${s.note})` : ''}` : 'active',
      time(s.nextRunAt),
      time(s.lastRunAt),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return [
    `engine: ${engine}`,
    ...rows.map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    ),
  ].join('\n');
}

/** `dataspoke schedules list|pause|resume|trigger`: the scheduled workflows, on whichever engine runs them. */
export function registerSchedulesCommands(program: Command): void {
  const schedules = program
    .command('schedules')
    .description('Scheduled work (catalog health sweep, metrics collection, embedding maintenance)');
  schedules
    .command('list')
    .description('List the schedules, their spec, state and next run')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withEngine(async (engine) => {
        const list = await engine.list();
        process.stdout.write(
          `${options.json ? JSON.stringify({ engine: engine.kind, schedules: list }, null, 2) : formatSchedules(engine.kind, list)}\n`,
        );
      }),
    );
  schedules
    .command('pause')
    .description('Pause a schedule (its ticks are skipped until resumed)')
    .argument('<schedule>', 'e.g. catalog-health-sweep')
    .option('-n, --note <note>', 'why, shown by list')
    .action((id: string, options: { note?: string }) =>
      withEngine(async (engine) => {
        await engine.pause(id, options.note);
        process.stdout.write(`paused ${id}\n`);
      }),
    );
  schedules
    .command('resume')
    .description('Resume a paused schedule from now (ticks missed while paused are not run)')
    .argument('<schedule>', 'e.g. catalog-health-sweep')
    .action((id: string) =>
      withEngine(async (engine) => {
        await engine.resume(id);
        process.stdout.write(`resumed ${id}\n`);
      }),
    );
  schedules
    .command('trigger')
    .description('Run a schedule now (in process: here, until it ends; under Temporal: on a worker)')
    .argument('<schedule>', 'e.g. catalog-health-sweep')
    .action((id: string) =>
      withEngine(async (engine, stack) => {
        const { runId, finished } = await engine.trigger(id);
        if (!finished) {
          process.stdout.write(
            `triggered ${id} on Temporal (run ${runId}); its run shows in Query.workflowRuns\n`,
          );
          return;
        }
        process.stderr.write(`running ${id} (run ${runId})…\n`);
        await finished;
        const run = await new WorkflowRunLog(stack.store).get(runId);
        process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
        if (run?.status !== 'COMPLETED') process.exitCode = 1;
      }),
    );
}
