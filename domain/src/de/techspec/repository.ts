import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import {
  ingestionConfig,
  ingestionEntity,
  ingestionRun,
  techSpecLatest,
} from '@dataspoke/platform/store/schema-de';
import type { TechnicalSpec } from '../../ports/techspec-source.js';
import type { IngestionConfig } from './config.js';
import type { EntityRecord, IngestionRunRecord, RunCounts, StoredTechSpec } from './types.js';

/** Ingestion configurations, runs, per-dataset outcomes and the latest specs, in `spoke_de`. */
export class IngestionRepository {
  constructor(private readonly store: Store) {}

  async saveConfig(config: IngestionConfig, now: Date): Promise<void> {
    await this.store.db
      .insert(ingestionConfig)
      .values({ name: config.name, config, schedule: config.schedule, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: ingestionConfig.name,
        set: { config, schedule: config.schedule, updatedAt: now },
      });
  }

  async getConfig(name: string): Promise<IngestionConfig | null> {
    const rows = await this.store.db.select().from(ingestionConfig).where(eq(ingestionConfig.name, name));
    return (rows[0]?.config as IngestionConfig | undefined) ?? null;
  }

  async listConfigs(): Promise<{ config: IngestionConfig; updatedAt: number }[]> {
    const rows = await this.store.db.select().from(ingestionConfig).orderBy(ingestionConfig.name);
    return rows.map((r) => ({ config: r.config as IngestionConfig, updatedAt: r.updatedAt.getTime() }));
  }

  async deleteConfig(name: string): Promise<boolean> {
    const rows = await this.store.db
      .delete(ingestionConfig)
      .where(eq(ingestionConfig.name, name))
      .returning({ name: ingestionConfig.name });
    return rows.length > 0;
  }

  async saveRun(run: IngestionRunRecord): Promise<void> {
    const values = {
      configName: run.configName,
      trigger: run.trigger,
      status: run.status,
      startedAt: new Date(run.startedAt),
      finishedAt: run.finishedAt === null ? null : new Date(run.finishedAt),
      counts: { ...run.counts, progress: run.progress },
      sources: run.sources,
      errors: run.errors,
    };
    await this.store.db
      .insert(ingestionRun)
      .values({ id: run.id, ...values })
      .onConflictDoUpdate({ target: ingestionRun.id, set: values });
  }

  async getRun(id: string): Promise<IngestionRunRecord | null> {
    const rows = await this.store.db.select().from(ingestionRun).where(eq(ingestionRun.id, id));
    return rows[0] ? fromRunRow(rows[0]) : null;
  }

  async listRuns(filter: { configName?: string; offset: number; limit: number }): Promise<{
    runs: IngestionRunRecord[];
    total: number;
  }> {
    const where = filter.configName ? eq(ingestionRun.configName, filter.configName) : undefined;
    const [rows, count] = await Promise.all([
      this.store.db
        .select()
        .from(ingestionRun)
        .where(where)
        .orderBy(desc(ingestionRun.startedAt), desc(ingestionRun.id))
        .offset(filter.offset)
        .limit(filter.limit),
      this.store.db
        .select({ n: sql<number>`count(*)::int` })
        .from(ingestionRun)
        .where(where),
    ]);
    return { runs: rows.map(fromRunRow), total: count[0]?.n ?? 0 };
  }

  async saveEntities(runId: string, entities: readonly EntityRecord[]): Promise<void> {
    for (let i = 0; i < entities.length; i += 500) {
      const chunk = entities.slice(i, i + 500);
      await this.store.db
        .insert(ingestionEntity)
        .values(chunk.map((e) => ({ runId, ...e })))
        .onConflictDoUpdate({
          target: [ingestionEntity.runId, ingestionEntity.urn],
          set: { outcome: sql`excluded.outcome`, error: sql`excluded.error`, source: sql`excluded.source` },
        });
    }
  }

  async entitiesOf(runId: string, outcome?: string): Promise<EntityRecord[]> {
    const rows = await this.store.db
      .select()
      .from(ingestionEntity)
      .where(
        outcome
          ? and(eq(ingestionEntity.runId, runId), eq(ingestionEntity.outcome, outcome))
          : eq(ingestionEntity.runId, runId),
      )
      .orderBy(ingestionEntity.urn);
    return rows.map((r) => ({
      urn: r.urn,
      source: r.source,
      outcome: r.outcome as EntityRecord['outcome'],
      error: r.error,
    }));
  }

  async saveLatest(specs: readonly StoredTechSpec[]): Promise<void> {
    for (let i = 0; i < specs.length; i += 500) {
      const chunk = specs.slice(i, i + 500);
      await this.store.db
        .insert(techSpecLatest)
        .values(
          chunk.map((s) => ({
            urn: s.urn,
            kind: s.spec.kind,
            spec: s.spec,
            observedAt: s.observedAt,
            runId: s.runId,
          })),
        )
        .onConflictDoUpdate({
          target: techSpecLatest.urn,
          set: {
            kind: sql`excluded.kind`,
            spec: sql`excluded.spec`,
            observedAt: sql`excluded.observed_at`,
            runId: sql`excluded.run_id`,
          },
        });
    }
  }

  async latest(urns: readonly string[]): Promise<Map<string, StoredTechSpec>> {
    const out = new Map<string, StoredTechSpec>();
    for (let i = 0; i < urns.length; i += 1000) {
      const rows = await this.store.db
        .select()
        .from(techSpecLatest)
        .where(inArray(techSpecLatest.urn, urns.slice(i, i + 1000)));
      for (const r of rows)
        out.set(r.urn, {
          urn: r.urn,
          observedAt: r.observedAt,
          spec: r.spec as TechnicalSpec,
          runId: r.runId,
        });
    }
    return out;
  }
}

type RunRow = typeof ingestionRun.$inferSelect;

function fromRunRow(r: RunRow): IngestionRunRecord {
  const { progress, ...counts } = r.counts as RunCounts & { progress?: { done: number; total: number } };
  return {
    id: r.id,
    configName: r.configName,
    trigger: r.trigger as IngestionRunRecord['trigger'],
    status: r.status as IngestionRunRecord['status'],
    startedAt: r.startedAt.getTime(),
    finishedAt: r.finishedAt?.getTime() ?? null,
    counts,
    progress: progress ?? { done: 0, total: 0 },
    sources: r.sources as IngestionRunRecord['sources'],
    errors: r.errors as string[],
  };
}
