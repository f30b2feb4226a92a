/** One thing a process needs to do its work (the store, DataHub, Kafka…), and how to see that it answers. */
export interface Dependency {
  /** How operators know it: `store`, `hub`, `kafka`, `temporal`, `redis`. */
  name: string;
  /** Resolves when the dependency answers; rejects with the reason when it does not. */
  check(): Promise<void>;
}

export interface DependencyState {
  ok: boolean;
  /** Why it is not usable, as the client library said it. */
  error?: string;
  ms: number;
}

export interface Readiness {
  ready: boolean;
  /** Set while the process shuts down: it finishes what it has and takes nothing new. */
  draining?: true;
  dependencies: Record<string, DependencyState>;
}

/**
 * Checks every dependency at once, each bounded by `timeoutMs`: a dependency that hangs counts as down, so a
 * readiness probe answers within its own timeout whatever the network does.
 */
export async function checkReadiness(
  dependencies: readonly Dependency[],
  options: { timeoutMs: number; draining?: boolean },
): Promise<Readiness> {
  const states = await Promise.all(
    dependencies.map(async (dependency): Promise<[string, DependencyState]> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${options.timeoutMs} ms`)),
          options.timeoutMs,
        );
      });
      try {
        await Promise.race([dependency.check(), timeout]);
        return [dependency.name, { ok: true, ms: Math.round(performance.now() - started) }];
      } catch (error) {
        return [
          dependency.name,
          {
            ok: false,
            error: error instanceof Error ? error.message : String(error),
            ms: Math.round(performance.now() - started),
          },
        ];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const draining = options.draining ?? false;
  return {
    ready: !draining && states.every(([, state]) => state.ok),
    ...(draining && { draining: true as const }),
    dependencies: Object.fromEntries(states),
  };
}
