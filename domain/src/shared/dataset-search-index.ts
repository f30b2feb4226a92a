import { lruCaches, type BoundedCache, type CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import type { HubPort } from '../ports/hub-port.js';
import type { Embedder } from '../ports/embedder.js';
import type { DocumentRow, SearchDocuments } from '../ports/search-documents.js';
import type { IndexMark } from './index-mark.js';
import type { VectorIndex } from '../ports/vector-index.js';
import { buildDocument, containerText, documentContext, embeddingText, sha } from './search-document.js';

/**
 * Keeps the DA search index in step with the hub: builds one search document per dataset from what the hub
 * port serves (schema, descriptions, tags, terms, owners, domain, lineage, dashboards, operations), stores
 * it, and embeds it. Content hashes make every pass incremental: an unchanged dataset costs a hash
 * comparison, and a change that does not touch the embedded text (an owner, a freshness stamp) is not
 * re-embedded. Datasets gone from the hub, or soft-deleted there, leave the index.
 */

export interface SearchIndexDeps {
  hub: HubPort;
  documents: SearchDocuments;
  /** Absent (or failing) embedder or vector index: documents are still indexed for lexical search. */
  embedder?: Embedder | null;
  vectors?: VectorIndex | null;
  now?: () => number;
  /** Where failures of background indexing (hub events) are reported. */
  onError?: (error: unknown) => void;
  /**
   * The durable high-water mark over the hub's writes (embedded hub only): advanced as the queue empties,
   * read by catchUp() at start. Absent: nothing catches up (a real DataHub replays its own change log).
   */
  mark?: IndexMark | null;
  /**
   * Whether the store takes writes now (its volume above the reserve). While it does not, queued changes
   * wait (the mark stays behind them) rather than push a full disk over the edge.
   */
  writable?: () => boolean;
  /** Where the embeddings and container text hashes are kept (default lruCaches). */
  caches?: CacheFactory | null;
  /** Called when queued changes are in the index: answers computed before (a response cache) are stale. */
  onIndexed?: () => void;
}

/** Progress of a catch-up at start, for the log. */
export interface CatchUpReport {
  /** The mark it started from (null: none, everything was checked). */
  since: number | null;
  /** Datasets re-read from the hub (changed, read by a changed chart or dashboard, or gone). */
  datasets: number;
  report: IndexReport;
}

export interface IndexReport {
  seen: number;
  indexed: number;
  unchanged: number;
  embedded: number;
  /** Distinct texts the model ran on (copies of a table share theirs). */
  embeddedTexts?: number;
  removed: number;
  /** Why vectors were not written, when they were not. */
  warnings: string[];
}

const BATCH = 200;
/**
 * How far the mark stays behind the oldest write not known to be indexed. A write's createdon is taken when
 * its ingest chunk starts and it is announced after the chunk commits; the margin covers that gap, and the
 * writes re-read inside it are unchanged by hash (cheap).
 */
const MARK_MARGIN_MS = 60_000;

/** Datasets a database or schema may hold for its vector to be kept (larger ones say too little as a whole). */
const CONTAINER_MAX_TABLES = 200;

/** Documents changed in bulk after which statistics are refreshed and dead rows reclaimed. */
const MAINTAIN_AFTER = 1000;
/** Embeddings kept by text, so that copies of a table indexed in different batches are embedded once. */
const EMBEDDINGS_KEPT = 20_000;
/** Databases and schemas whose embedded text's hash is kept (one dropped is embedded again when it changes). */
const CONTAINER_HASHES_KEPT = 20_000;

export class DatasetSearchIndexer {
  private changedSinceMaintenance = 0;
  private readonly pending = new Set<string>();
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** When the oldest queued change was announced (null: nothing queued). */
  private pendingSince: number | null = null;
  /** When the oldest change of the running flush round was announced. */
  private inFlightSince: number | null = null;
  /** Lower bounds the mark may not pass: a catch-up under way, or a failed round (kept for this process). */
  private readonly holds = new Set<number>();
  private markWritten = -Infinity;
  private catchingUp: Promise<CatchUpReport> | null = null;

  /** Hash of the text last embedded for a database or schema, by container urn. */
  private readonly containerHashes: BoundedCache<string, string>;
  /** Vectors by hash of (model, embedded text): copies of a table share one. */
  private readonly cache: BoundedCache<string, Float32Array>;

  constructor(private readonly deps: SearchIndexDeps) {
    const caches = deps.caches ?? lruCaches;
    this.containerHashes = caches('search index: container text hashes', { max: CONTAINER_HASHES_KEPT });
    this.cache = caches('search index: embeddings', { max: EMBEDDINGS_KEPT });
  }

  /** Indexes these datasets (re-reading them from the hub); unknown or removed ones leave the index. */
  async indexUrns(
    urns: readonly string[],
    report: IndexReport = emptyReport(),
    options: { deferContainers?: Set<string>; onBatch?: (report: IndexReport) => void } = {},
  ): Promise<IndexReport> {
    const { hub, documents } = this.deps;
    const touched = options.deferContainers ?? new Set<string>();
    for (let i = 0; i < urns.length && !this.stopped; i += BATCH) {
      const batch = urns.slice(i, i + BATCH);
      const found = await hub.getDatasets(batch);
      const live = [...found.values()].filter((d) => d.status?.removed !== true);
      const gone = batch.filter((u) => !live.some((d) => d.urn === u));
      report.seen += batch.length;
      if (gone.length > 0) {
        for (const d of (await documents.get(gone)).values()) if (d.container) touched.add(d.container.urn);
        await documents.remove(gone);
        await this.removeVectors(gone, report);
        report.removed += gone.length;
      }
      if (live.length === 0) continue;
      const ctx = await documentContext(this.deps.hub, live);
      const built = live.map((d) => buildDocument(d, ctx));
      for (const b of built) if (b.row.dataset.container) touched.add(b.row.dataset.container.urn);
      const previous = await documents.hashes(live.map((d) => d.urn));
      const changed = built.filter((b) => previous.get(b.row.dataset.urn)?.contentHash !== b.row.contentHash);
      report.unchanged += built.length - changed.length;
      for (const b of changed) b.row.embedHash = previous.get(b.row.dataset.urn)?.embedHash ?? null;
      // Documents first, so that full text finds a changed dataset at once rather than after the model has
      // embedded its whole batch (a first start indexes the catalog while people already search it).
      if (changed.length > 0) {
        await documents.upsert(
          changed.map((b) => b.row),
          changed.flatMap((b) => b.labels),
        );
        report.indexed += changed.length;
      }
      // Embeddings: only where the embedded text (or the model) changed since the last pass.
      const embedded = await this.embed(
        built.map((b) => b.row),
        previous,
        report,
      );
      await documents.setEmbedHash([...embedded].map(([urn, embedHash]) => ({ urn, embedHash })));
      options.onBatch?.(report);
    }
    if (!options.deferContainers) await this.embedContainers(touched, report);
    return report;
  }

  /** Re-embeds the databases and schemas whose tables changed (when their text changed). */
  async embedContainers(containers: Iterable<string>, report: IndexReport): Promise<void> {
    const { embedder, vectors, documents } = this.deps;
    if (!embedder || !vectors) return;
    const urns = [...containers];
    if (urns.length === 0) return;
    try {
      const sizes = await documents.containerSizes(urns);
      const empty = urns.filter((u) => !sizes.has(u) || (sizes.get(u) ?? 0) > CONTAINER_MAX_TABLES);
      if (empty.length > 0) {
        await vectors.remove(empty);
        empty.forEach((u) => this.containerHashes.delete(u));
      }
      const todo: { urn: string; text: string; hash: string }[] = [];
      for (const urn of urns.filter((u) => !empty.includes(u))) {
        const members = await documents.get(
          await documents.filter([[{ column: 'container', values: [urn] }]], CONTAINER_MAX_TABLES),
        );
        const tables = [...members.values()];
        const name = tables[0]?.container?.name ?? urn;
        const text = containerText(name, tables);
        const hash = sha(`${embedder.model}\u0000${text}`);
        if (this.containerHashes.get(urn) !== hash) todo.push({ urn, text, hash });
      }
      for (let i = 0; i < todo.length; i += BATCH) {
        const chunk = todo.slice(i, i + BATCH);
        const embedded = await embedder.embed(
          chunk.map((t) => t.text),
          { priority: 'bulk' },
        );
        await vectors.upsert(chunk.map((t, j) => ({ id: t.urn, vector: embedded[j]! })));
        chunk.forEach((t) => this.containerHashes.set(t.urn, t.hash));
      }
    } catch (error) {
      const message = `container vectors not written: ${(error as Error).message}`;
      if (!report.warnings.includes(message)) report.warnings.push(message);
    }
  }

  /** Embeds and stores the vectors whose text changed; answers the new embed hash of each dataset written. */
  private async embed(
    rows: DocumentRow[],
    previous: Map<string, { embedHash: string | null }>,
    report: IndexReport,
  ): Promise<Map<string, string>> {
    const { embedder, vectors } = this.deps;
    const written = new Map<string, string>();
    if (!embedder || !vectors) return written;
    const todo = rows
      .map((r) => {
        const text = embeddingText(r.dataset);
        return { urn: r.dataset.urn, text, hash: sha(`${embedder.model}\u0000${text}`) };
      })
      .filter((t) => previous.get(t.urn)?.embedHash !== t.hash);
    if (todo.length === 0) return written;
    try {
      // Copies of one table share their text: embed each distinct text once (and not again while kept). The
      // kept vectors are taken first: keeping the new ones may drop some of them.
      const vectorsOf = new Map<string, Float32Array>();
      const texts = new Map<string, string>();
      for (const t of todo) {
        if (vectorsOf.has(t.hash) || texts.has(t.hash)) continue;
        const kept = this.cache.get(t.hash);
        if (kept) vectorsOf.set(t.hash, kept);
        else texts.set(t.hash, t.text);
      }
      const distinct = [...texts.keys()];
      const embedded = await embedder.embed([...texts.values()], { priority: 'bulk' });
      distinct.forEach((h, i) => {
        vectorsOf.set(h, embedded[i]!);
        this.cache.set(h, embedded[i]!);
      });
      await vectors.upsert(todo.map((t) => ({ id: t.urn, vector: vectorsOf.get(t.hash)! })));
      for (const t of todo) written.set(t.urn, t.hash);
      report.embedded += todo.length;
      report.embeddedTexts = (report.embeddedTexts ?? 0) + distinct.length;
    } catch (error) {
      const message = `vectors not written: ${(error as Error).message}`;
      if (!report.warnings.includes(message)) report.warnings.push(message);
    }
    return written;
  }

  /** After a bulk change: planner statistics and dead row versions (PGlite runs no autovacuum). */
  private async maintain(report: IndexReport): Promise<void> {
    try {
      await this.deps.documents.maintain?.();
      await this.deps.vectors?.maintain?.();
    } catch (error) {
      report.warnings.push(`index maintenance failed: ${(error as Error).message}`);
    }
  }

  private async removeVectors(urns: string[], report: IndexReport): Promise<void> {
    if (!this.deps.vectors) return;
    try {
      await this.deps.vectors.remove(urns);
    } catch (error) {
      report.warnings.push(`vectors not removed: ${(error as Error).message}`);
    }
  }

  /**
   * Rebuilds the whole index from the hub: every dataset the hub scrolls is indexed (incrementally, by
   * hash, unless `force`), and documents of datasets the hub no longer has are removed.
   */
  async reindexAll(
    options: { force?: boolean; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<IndexReport> {
    const { hub, documents, vectors } = this.deps;
    const report = emptyReport();
    const startedAt = this.now();
    if (options.force) {
      const all = [...(await documents.hashes()).keys()];
      await documents.remove(all);
      if (vectors)
        await vectors.clear().catch((e: Error) => report.warnings.push(`vectors not cleared: ${e.message}`));
    }
    if (vectors) await vectors.ensure().catch((e: Error) => report.warnings.push(e.message));
    const urns: string[] = [];
    let scrollId: string | null = null;
    do {
      const page = await hub.scrollDatasets({ scrollId, count: 1000 });
      urns.push(...page.datasets.map((d) => d.urn));
      scrollId = page.nextScrollId;
    } while (scrollId);
    options.onProgress?.(0, urns.length);
    const containers = new Set<string>();
    for (let i = 0; i < urns.length && !this.stopped; i += BATCH) {
      await this.indexUrns(urns.slice(i, i + BATCH), report, { deferContainers: containers });
      options.onProgress?.(Math.min(i + BATCH, urns.length), urns.length);
    }
    await this.embedContainers(containers, report);
    if (report.indexed + report.removed >= MAINTAIN_AFTER) await this.maintain(report);
    const seen = new Set(urns);
    const stale = [...(await documents.hashes()).keys()].filter((u) => !seen.has(u));
    if (stale.length > 0) {
      const gone = new Set<string>();
      for (const d of (await documents.get(stale)).values()) if (d.container) gone.add(d.container.urn);
      await documents.remove(stale);
      await this.removeVectors(stale, report);
      report.removed += stale.length;
      await this.embedContainers(gone, report);
    }
    // Everything the hub held when the pass began is indexed: the next start need not check it again.
    if (!this.stopped && report.warnings.length === 0) await this.advanceMark(startedAt - MARK_MARGIN_MS);
    return report;
  }

  /**
   * Follows hub changes: a changed dataset (or a chart or dashboard, whose datasets it names) is queued and
   * indexed shortly after, in one batch with the changes around it, off the writer's path.
   */
  notify(entityUrn: string): void {
    if (this.stopped) return;
    this.pendingSince ??= this.now();
    this.pending.add(entityUrn);
    if (this.timer || this.flushing) return;
    this.schedule(200);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.canWrite()) {
        this.schedule(5_000);
        return;
      }
      this.flush().catch((error: unknown) => (this.deps.onError ?? console.error)(error));
    }, delayMs);
    this.timer.unref?.();
  }

  private canWrite(): boolean {
    return this.deps.writable?.() ?? true;
  }

  /**
   * Stops following the hub: queued changes are dropped (the mark stays behind them, so the next start
   * indexes them) and a running pass or catch-up ends after its batch.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pending.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flushing?.catch(() => undefined);
    await this.catchingUp?.catch(() => undefined);
  }

  /** A graceful stop: indexes everything queued, advances the mark, then stops. */
  async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // On a full store the queue is left to the next start's catch-up.
    if (!this.stopped && this.canWrite()) await this.flush();
    await this.stop();
  }

  /** Changes announced and not yet indexed (queued, or in the running round). */
  pendingCount(): number {
    return this.pending.size + (this.flushing ? 1 : 0);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Moves the durable mark up to `candidate`, never past a change not known to be indexed. */
  private async advanceMark(candidate: number): Promise<void> {
    const { mark } = this.deps;
    if (!mark) return;
    const bounds = [candidate, ...this.holds];
    if (this.pendingSince !== null) bounds.push(this.pendingSince - MARK_MARGIN_MS);
    if (this.inFlightSince !== null) bounds.push(this.inFlightSince - MARK_MARGIN_MS);
    const next = Math.min(...bounds);
    if (!Number.isFinite(next) || next <= this.markWritten) return;
    await mark.write(next);
    this.markWritten = next;
  }

  /**
   * At start: indexes what the hub changed since the mark (changed datasets, the datasets changed charts
   * and dashboards read, and indexed datasets the hub no longer holds), so writes acknowledged before a
   * crash reach search without a manual reindex. Runs once; later calls answer the same promise.
   */
  catchUp(onProgress?: (done: number, total: number) => void): Promise<CatchUpReport> {
    this.catchingUp ??= this.runCatchUp(onProgress);
    return this.catchingUp;
  }

  private async runCatchUp(onProgress?: (done: number, total: number) => void): Promise<CatchUpReport> {
    const { mark } = this.deps;
    const report = emptyReport();
    if (!mark) return { since: null, datasets: 0, report };
    const since = await mark.read();
    const startedAt = this.now();
    const hold = since ?? -Infinity;
    this.holds.add(hold);
    const changed = await mark.changedSince(since);
    const orphans = await mark.orphans();
    const datasets = [
      ...new Set([
        ...changed.filter((u) => u.startsWith('urn:li:dataset:')),
        ...(await this.datasetsReadBy(changed.filter((u) => !u.startsWith('urn:li:dataset:')))),
        ...orphans,
      ]),
    ];
    onProgress?.(0, datasets.length);
    const containers = new Set<string>();
    for (let i = 0; i < datasets.length && !this.stopped; i += BATCH) {
      if (!this.canWrite())
        throw new Error('the store is below its free-space reserve; the mark stays for the next start');
      await this.indexUrns(datasets.slice(i, i + BATCH), report, { deferContainers: containers });
      onProgress?.(Math.min(i + BATCH, datasets.length), datasets.length);
    }
    if (this.stopped) return { since, datasets: datasets.length, report };
    await this.embedContainers(containers, report);
    if (report.indexed + report.removed >= MAINTAIN_AFTER) await this.maintain(report);
    this.holds.delete(hold);
    await this.advanceMark(startedAt - MARK_MARGIN_MS);
    return { since, datasets: datasets.length, report };
  }

  /** The datasets these charts and dashboards read (directly, or through a dashboard's charts). */
  private async datasetsReadBy(others: readonly string[]): Promise<string[]> {
    const datasets: string[] = [];
    if (others.length === 0) return datasets;
    const up = await this.deps.hub.getLineage([...others], 'UPSTREAM');
    const charts: string[] = [];
    for (const l of up.values())
      for (const r of l.relationships) {
        if (r.entity?.type === 'DATASET') datasets.push(r.entity.urn);
        if (r.entity?.type === 'CHART') charts.push(r.entity.urn);
      }
    if (charts.length > 0)
      for (const l of (await this.deps.hub.getLineage(charts, 'UPSTREAM')).values())
        for (const r of l.relationships) if (r.entity?.type === 'DATASET') datasets.push(r.entity.urn);
    return datasets;
  }

  /** Indexes everything queued so far; resolves when the queue is empty. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const run = (async () => {
      while (this.pending.size > 0 && !this.stopped) {
        const urns = [...this.pending];
        this.pending.clear();
        this.inFlightSince = this.pendingSince;
        this.pendingSince = null;
        try {
          const datasets = urns.filter((u) => u.startsWith('urn:li:dataset:'));
          // A chart or dashboard changed: the datasets it reads change their "used by" context.
          datasets.push(
            ...(await this.datasetsReadBy(
              urns.filter((u) => u.startsWith('urn:li:chart:') || u.startsWith('urn:li:dashboard:')),
            )),
          );
          if (datasets.length > 0) {
            const report = await this.indexUrns([...new Set(datasets)]);
            this.changedSinceMaintenance += report.indexed + report.removed;
            if (report.indexed + report.removed > 0) this.deps.onIndexed?.();
          }
        } catch (error) {
          // These changes are lost to this process: the mark stays before them for the next start.
          if (this.inFlightSince !== null) this.holds.add(this.inFlightSince - MARK_MARGIN_MS);
          throw error;
        } finally {
          this.inFlightSince = null;
        }
      }
      if (this.stopped) return;
      await this.advanceMark(this.now() - MARK_MARGIN_MS);
      if (this.changedSinceMaintenance >= MAINTAIN_AFTER) {
        this.changedSinceMaintenance = 0;
        await this.maintain(emptyReport());
      }
    })();
    this.flushing = run;
    try {
      await run;
    } finally {
      this.flushing = null;
    }
  }
}

function emptyReport(): IndexReport {
  return { seen: 0, indexed: 0, unchanged: 0, embedded: 0, removed: 0, warnings: [] };
}
