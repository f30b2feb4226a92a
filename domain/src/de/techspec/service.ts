import { randomUUID } from 'node:crypto';
import type { HubAspectReader, HubChangeProposal, HubWriter } from '../../ports/hub-aspects.js';
import type { HubPort } from '../../ports/hub-port.js';
import {
  TechSpecSourceError,
  type SpecObservation,
  type TechSpecSourceType,
} from '../../ports/techspec-source.js';
import { resolveSecrets, type IngestionConfig } from './config.js';
import { definitionProposal, observationProposals, vanishedProperties } from './hub-proposals.js';
import { definitionsOf, propertyUrn } from './properties.js';
import type { IngestionRepository } from './repository.js';
import {
  emptyCounts,
  type EntityRecord,
  type IngestionRunRecord,
  type RunTrigger,
  type SourceOutcome,
  type StoredTechSpec,
} from './types.js';

export interface TechSpecIngestionDeps {
  hub: HubPort;
  aspects: HubAspectReader & HubWriter;
  repository: IngestionRepository;
  sourceTypes: readonly TechSpecSourceType[];
  /** Who DataHub credits with the writes. */
  actor: string;
  /** Where `${env:NAME}` secrets are read from. */
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => number;
}

export interface RunOptions {
  trigger: RunTrigger;
  /** Called as the run moves on (and once at its end), with the run as stored. */
  onProgress?: (run: IngestionRunRecord) => void;
  /** The run's id, when the caller named it before starting (an API answering before the run ends). */
  runId?: string;
}

/** Datasets matched against the hub per read, and written per hub call. */
const MATCH_CHUNK = 500;
const WRITE_CHUNK = 100;
/** Sources read at the same time. */
const SOURCE_CONCURRENCY = 4;
/** The run's progress is stored at most this often while it runs. */
const PROGRESS_EVERY_MS = 1_000;

/**
 * Runs an ingestion configuration: each source read on its own with its own time limit (one failing, timing out
 * or misconfigured leaves the others to finish), its observations matched to the datasets DataHub has, and
 * written as structured properties and standard aspects (hub-proposals.ts). The run, each source's outcome and
 * each dataset's are kept in the operational store.
 */
export class TechSpecIngestion {
  private readonly now: () => number;
  private definitionsWritten = false;

  constructor(private readonly deps: TechSpecIngestionDeps) {
    this.now = deps.now ?? Date.now;
  }

  async run(config: IngestionConfig, options: RunOptions): Promise<IngestionRunRecord> {
    const run: IngestionRunRecord = {
      id: options.runId ?? randomUUID(),
      configName: config.name,
      trigger: options.trigger,
      status: 'RUNNING',
      startedAt: this.now(),
      finishedAt: null,
      counts: emptyCounts(),
      progress: { done: 0, total: 0 },
      sources: config.sources.map((s) => ({
        name: s.name,
        type: s.type,
        status: 'PENDING',
        error: null,
        counts: emptyCounts(),
        durationMs: null,
      })),
      errors: [],
    };
    const { repository } = this.deps;
    await repository.saveRun(run);
    let lastSaved = 0;
    let saving = Promise.resolve();
    const changed = (force = false) => {
      options.onProgress?.(run);
      const t = this.now();
      if (!force && t - lastSaved < PROGRESS_EVERY_MS) return;
      lastSaved = t;
      const snapshot = structuredClone(run);
      saving = saving.then(() => repository.saveRun(snapshot)).catch(() => undefined);
    };
    const queue = config.sources.map((source, i) => ({ source, outcome: run.sources[i]! }));
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift())
        await this.runSource(run, next.source, next.outcome, changed);
    };
    await Promise.all(Array.from({ length: Math.min(SOURCE_CONCURRENCY, queue.length) }, worker));
    for (const s of run.sources) {
      for (const k of ['observed', 'written', 'unmatched', 'failed'] as const) run.counts[k] += s.counts[k];
      if (s.error) run.errors.push(`${s.name}: ${s.error.code}: ${s.error.message}`);
    }
    const failed = run.sources.filter((s) => s.status === 'FAILED').length;
    run.status = failed === 0 ? 'SUCCEEDED' : failed === run.sources.length ? 'FAILED' : 'PARTIAL';
    run.finishedAt = this.now();
    await saving;
    await repository.saveRun(run);
    options.onProgress?.(run);
    return run;
  }

  private async runSource(
    run: IngestionRunRecord,
    source: IngestionConfig['sources'][number],
    outcome: SourceOutcome,
    changed: (force?: boolean) => void,
  ): Promise<void> {
    const started = this.now();
    outcome.status = 'RUNNING';
    changed(true);
    const fail = (code: NonNullable<SourceOutcome['error']>['code'], message: string) => {
      outcome.status = 'FAILED';
      outcome.error = { code, message };
    };
    try {
      if (source.problems.length > 0) {
        fail('INVALID_SOURCE_CONFIG', source.problems.join('; '));
        return;
      }
      const type = this.deps.sourceTypes.find((t) => t.type === source.type);
      if (!type) {
        fail('INVALID_SOURCE_CONFIG', `unknown source type "${source.type}"`);
        return;
      }
      let resolved: Record<string, unknown>;
      try {
        resolved = resolveSecrets(source.config, this.deps.env ?? process.env);
      } catch (error) {
        fail(
          'INVALID_SOURCE_CONFIG',
          (error as Error & { problems?: string[] }).problems?.join('; ') ?? String(error),
        );
        return;
      }
      const observations = await this.collect(type, source, resolved);
      outcome.counts.observed = observations.length;
      const entities = await this.write(run, source.name, observations, changed);
      for (const e of entities)
        outcome.counts[
          e.outcome === 'WRITTEN' ? 'written' : e.outcome === 'UNMATCHED' ? 'unmatched' : 'failed'
        ]++;
      await this.deps.repository.saveEntities(run.id, entities);
      outcome.status = 'SUCCEEDED';
      const writeFailures = entities.filter((e) => e.outcome === 'FAILED');
      if (
        writeFailures.length > 0 &&
        writeFailures.length === entities.filter((e) => e.outcome !== 'UNMATCHED').length
      )
        fail('DATAHUB_WRITE_FAILED', writeFailures[0]!.error ?? 'DataHub refused every write');
    } catch (error) {
      if (error instanceof TechSpecSourceError) fail(error.code, error.message);
      else fail('SOURCE_FAILED', error instanceof Error ? error.message : String(error));
    } finally {
      outcome.durationMs = this.now() - started;
      changed(true);
    }
  }

  private async collect(
    type: TechSpecSourceType,
    source: IngestionConfig['sources'][number],
    config: Record<string, unknown>,
  ): Promise<SpecObservation[]> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const reason = `no answer within ${source.timeoutMs} ms (timeoutMs)`;
        controller.abort(reason);
        reject(new TechSpecSourceError('SOURCE_TIMEOUT', `${source.name}: ${reason}`));
      }, source.timeoutMs);
    });
    try {
      // The race ends the source's part even when an adapter ignores the abort.
      return await Promise.race([
        type.open(source.name, config).collect({ signal: controller.signal }),
        timedOut,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Every definition, whatever the sources: one read the first time, and writes only for missing ones. */
  private async ensureDefinitions(): Promise<void> {
    if (this.definitionsWritten) return;
    const definitions = definitionsOf(['kafka', 'postgres', 'files']);
    const urns = definitions.map((d) => propertyUrn(d.qualifiedName));
    const existing = await this.deps.aspects.getAspects(urns, ['propertyDefinition']);
    const missing = definitions.filter(
      (d) => !existing.get(propertyUrn(d.qualifiedName))?.has('propertyDefinition'),
    );
    // Created once: a definition someone edited in DataHub since is theirs.
    if (missing.length > 0)
      await this.deps.aspects.write(
        missing.map((d) => definitionProposal(d, this.now(), this.deps.actor)),
        this.deps.actor,
      );
    this.definitionsWritten = true;
  }

  private async write(
    run: IngestionRunRecord,
    sourceName: string,
    observations: readonly SpecObservation[],
    changed: () => void,
  ): Promise<EntityRecord[]> {
    const { hub, aspects, repository, actor } = this.deps;
    run.progress.total += observations.length;
    changed();
    const entities: EntityRecord[] = [];
    const matched: SpecObservation[] = [];
    for (let i = 0; i < observations.length; i += MATCH_CHUNK) {
      const chunk = observations.slice(i, i + MATCH_CHUNK);
      const known = await hub.getDatasetOutlines(chunk.map((o) => o.urn));
      for (const o of chunk)
        if (known.has(o.urn)) matched.push(o);
        else {
          entities.push({ urn: o.urn, source: sourceName, outcome: 'UNMATCHED', error: null });
          run.progress.done++;
        }
    }
    changed();
    if (matched.length === 0) return entities;
    try {
      await this.ensureDefinitions();
    } catch (error) {
      const message = `the structured property definitions could not be written: ${(error as Error).message}`;
      for (const o of matched)
        entities.push({ urn: o.urn, source: sourceName, outcome: 'FAILED', error: message });
      run.progress.done += matched.length;
      return entities;
    }
    for (let i = 0; i < matched.length; i += WRITE_CHUNK) {
      const chunk = matched.slice(i, i + WRITE_CHUNK);
      const previous = await repository.latest(chunk.map((o) => o.urn));
      const vanished = new Map(
        chunk.map((o) => [o.urn, vanishedProperties(o, previous.get(o.urn)?.spec ?? null)]),
      );
      const carried = await this.carriedProperties(
        [...vanished].filter(([, v]) => v.length > 0).map(([u]) => u),
      );
      const proposalsOf = (o: SpecObservation): HubChangeProposal[] =>
        observationProposals(
          o,
          previous.get(o.urn)?.spec ?? null,
          (vanished.get(o.urn) ?? []).filter((p) => carried.get(o.urn)?.has(p)),
        );
      const written: StoredTechSpec[] = [];
      try {
        await aspects.write(chunk.flatMap(proposalsOf), actor);
        for (const o of chunk) {
          entities.push({ urn: o.urn, source: sourceName, outcome: 'WRITTEN', error: null });
          written.push({ ...o, runId: run.id });
        }
      } catch {
        // One refused proposal refuses its whole batch: each dataset again on its own finds which.
        for (const o of chunk)
          try {
            await aspects.write(proposalsOf(o), actor);
            entities.push({ urn: o.urn, source: sourceName, outcome: 'WRITTEN', error: null });
            written.push({ ...o, runId: run.id });
          } catch (error) {
            entities.push({
              urn: o.urn,
              source: sourceName,
              outcome: 'FAILED',
              error: (error as Error).message,
            });
          }
      }
      await repository.saveLatest(written);
      run.progress.done += chunk.length;
      changed();
    }
    return entities;
  }

  /** The structured properties each dataset carries now. */
  private async carriedProperties(urns: readonly string[]): Promise<Map<string, Set<string>>> {
    if (urns.length === 0) return new Map();
    const current = await this.deps.aspects.getAspects(urns, ['structuredProperties']);
    const out = new Map<string, Set<string>>();
    for (const [urn, aspectsOf] of current) {
      const props = (aspectsOf.get('structuredProperties')?.value.properties ?? []) as {
        propertyUrn: string;
      }[];
      out.set(urn, new Set(props.map((p) => p.propertyUrn)));
    }
    return out;
  }
}
