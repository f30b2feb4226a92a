import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import { docSuggestion, docSuggestionRefresh } from '@dataspoke/platform/store/schema-de';
import {
  targetKey,
  type Evidence,
  type Proposal,
  type Suggestion,
  type SuggestionKind,
  type SuggestionStatus,
  type SuggestionValue,
} from './types.js';

/** Stored suggestions: one row per target, replaced while pending, kept once decided. */

type Row = typeof docSuggestion.$inferSelect;

function fromRow(r: Row): Suggestion {
  return {
    id: r.id,
    datasetUrn: r.datasetUrn,
    fieldPath: r.fieldPath,
    kind: r.kind as SuggestionKind,
    status: r.status as SuggestionStatus,
    value: r.value as SuggestionValue,
    baseline: r.baseline,
    evidence: r.evidence as Evidence[],
    confidence: r.confidence,
    phrasedBy: r.phrasedBy as Suggestion['phrasedBy'],
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.getTime() ?? null,
    writtenValue: (r.writtenValue as SuggestionValue | null) ?? null,
    staleReason: r.staleReason,
    createdAt: r.createdAt.getTime(),
    updatedAt: r.updatedAt.getTime(),
  };
}

export interface SuggestionFilter {
  datasetUrn?: string | undefined;
  statuses?: readonly SuggestionStatus[] | undefined;
  kinds?: readonly SuggestionKind[] | undefined;
}

export interface SaveReport {
  created: number;
  updated: number;
  /** Pending suggestions of the datasets refreshed that no longer hold (their target got documented). */
  withdrawn: number;
}

/**
 * Stores a refresh's proposals for the given datasets: new targets are inserted, pending ones updated with the
 * new value and evidence, decided ones (accepted, rejected) left alone; pending suggestions of those datasets
 * that the refresh no longer proposes are marked stale.
 */
export async function saveProposals(
  store: Store,
  datasetUrns: readonly string[],
  proposals: readonly Proposal[],
  now: number,
  /** A whole-catalog refresh: catalog-wide kinds (similar tables, new terms) it no longer proposes are withdrawn too. */
  wholeCatalog: boolean,
): Promise<SaveReport> {
  const report: SaveReport = { created: 0, updated: 0, withdrawn: 0 };
  const byKey = new Map(proposals.map((p) => [targetKey(p), p]));
  await store.db.transaction(async (tx) => {
    const keys = [...byKey.keys()];
    const existing = new Map<string, Row>();
    for (let i = 0; i < keys.length; i += 1000) {
      const rows = await tx
        .select()
        .from(docSuggestion)
        .where(inArray(docSuggestion.targetKey, keys.slice(i, i + 1000)));
      for (const r of rows) existing.set(r.targetKey, r);
    }
    const inserts: (typeof docSuggestion.$inferInsert)[] = [];
    for (const [key, p] of byKey) {
      const row = existing.get(key);
      const fields = {
        value: p.value,
        baseline: p.baseline,
        evidence: p.evidence,
        confidence: p.confidence,
        phrasedBy: p.phrasedBy,
        updatedAt: new Date(now),
      };
      if (!row) {
        inserts.push({
          id: randomUUID(),
          targetKey: key,
          datasetUrn: p.datasetUrn,
          fieldPath: p.fieldPath,
          kind: p.kind,
          status: 'pending',
          ...fields,
          createdAt: new Date(now),
        });
      } else if (row.status === 'pending' || row.status === 'stale') {
        const changed =
          row.status === 'stale' ||
          JSON.stringify(row.value) !== JSON.stringify(p.value) ||
          row.baseline !== p.baseline ||
          row.confidence !== p.confidence;
        if (changed) {
          await tx
            .update(docSuggestion)
            .set({ ...fields, status: 'pending', staleReason: null })
            .where(eq(docSuggestion.id, row.id));
          report.updated++;
        }
      }
    }
    // A refresh running beside this one (the change events' and a caller's) may have inserted a target first.
    for (let i = 0; i < inserts.length; i += 500)
      await tx
        .insert(docSuggestion)
        .values(inserts.slice(i, i + 500))
        .onConflictDoNothing({ target: docSuggestion.targetKey });
    report.created = inserts.length;
    for (let i = 0; i < datasetUrns.length; i += 1000) {
      const pending = await tx
        .select({ id: docSuggestion.id, targetKey: docSuggestion.targetKey })
        .from(docSuggestion)
        .where(
          and(
            inArray(docSuggestion.datasetUrn, datasetUrns.slice(i, i + 1000)),
            eq(docSuggestion.status, 'pending'),
            wholeCatalog
              ? undefined
              : notInArray(docSuggestion.kind, ['similar_tables', 'new_glossary_term']),
          ),
        );
      const gone = pending.filter((r) => !byKey.has(r.targetKey)).map((r) => r.id);
      if (gone.length > 0) {
        await tx
          .update(docSuggestion)
          .set({
            status: 'stale',
            staleReason: 'the catalog changed: it is no longer proposed',
            updatedAt: new Date(now),
          })
          .where(inArray(docSuggestion.id, gone));
        report.withdrawn += gone.length;
      }
    }
  });
  return report;
}

function where(filter: SuggestionFilter): SQL | undefined {
  return and(
    filter.datasetUrn === undefined ? undefined : eq(docSuggestion.datasetUrn, filter.datasetUrn),
    filter.statuses?.length ? inArray(docSuggestion.status, [...filter.statuses]) : undefined,
    filter.kinds?.length ? inArray(docSuggestion.kind, [...filter.kinds]) : undefined,
  );
}

/** Records a whole-catalog refresh that ran to its end. */
export async function recordCatalogRefresh(
  store: Store,
  refresh: { trigger: string; startedAt: number; finishedAt: number; datasets: number; created: number },
): Promise<void> {
  await store.db.insert(docSuggestionRefresh).values({
    id: randomUUID(),
    trigger: refresh.trigger,
    startedAt: new Date(refresh.startedAt),
    finishedAt: new Date(refresh.finishedAt),
    datasets: refresh.datasets,
    created: refresh.created,
  });
}

/** Whether a whole-catalog refresh ever ran to its end in this store. */
export async function hasCatalogRefresh(store: Store): Promise<boolean> {
  const rows = await store.db.select({ id: docSuggestionRefresh.id }).from(docSuggestionRefresh).limit(1);
  return rows.length > 0;
}

/** Suggestions, most confident first (then newest). */
export async function listSuggestions(
  store: Store,
  filter: SuggestionFilter,
  page: { limit: number; offset: number },
): Promise<{ suggestions: Suggestion[]; total: number }> {
  const condition = where(filter);
  const [rows, counted] = await Promise.all([
    store.db
      .select()
      .from(docSuggestion)
      .where(condition)
      .orderBy(desc(docSuggestion.confidence), desc(docSuggestion.updatedAt), docSuggestion.id)
      .limit(page.limit)
      .offset(page.offset),
    store.db
      .select({ n: sql<number>`count(*)::int` })
      .from(docSuggestion)
      .where(condition),
  ]);
  return { suggestions: rows.map(fromRow), total: Number(counted[0]?.n ?? 0) };
}

export async function getSuggestions(store: Store, ids: readonly string[]): Promise<Map<string, Suggestion>> {
  if (ids.length === 0) return new Map();
  const rows = await store.db
    .select()
    .from(docSuggestion)
    .where(inArray(docSuggestion.id, [...ids]));
  return new Map(rows.map((r) => [r.id, fromRow(r)]));
}

/** Records a decision (or staleness) on a suggestion. */
export async function decide(
  store: Store,
  id: string,
  change: {
    status: SuggestionStatus;
    decidedBy?: string | null;
    writtenValue?: SuggestionValue | null;
    staleReason?: string | null;
  },
  now: number,
): Promise<void> {
  await store.db
    .update(docSuggestion)
    .set({
      status: change.status,
      ...(change.decidedBy !== undefined && { decidedBy: change.decidedBy, decidedAt: new Date(now) }),
      ...(change.writtenValue !== undefined && { writtenValue: change.writtenValue }),
      ...(change.staleReason !== undefined && { staleReason: change.staleReason }),
      updatedAt: new Date(now),
    })
    .where(eq(docSuggestion.id, id));
}
