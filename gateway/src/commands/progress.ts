import cliProgress from 'cli-progress';

export interface ProgressReporter {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * Progress of a long CLI task: a bar on a terminal; on a pipe or log file, a plain line every 10% instead.
 * `verb` and `unit` name the work, e.g. ('importing', 'proposals').
 */
export function progressReporter(stream: NodeJS.WriteStream, verb: string, unit: string): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: `${verb} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted}` },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastDecile = -1;
  return {
    update(done, total) {
      const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${verb}: ${done}/${total} ${unit} (${decile * 10}%)\n`);
      }
    },
    stop: () => undefined,
  };
}
