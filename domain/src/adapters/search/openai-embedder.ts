import { EmbedderError, normalize, type Embedder } from '../../ports/embedder.js';

/**
 * An OpenAI-compatible embeddings endpoint (`POST {baseUrl}/embeddings` with `{model, input}`, answered with
 * `{data: [{index, embedding}]}`): OpenAI itself, Azure-style gateways, vLLM, Ollama, LocalAI, …
 */
export interface OpenAiEmbedderOptions {
  /** e.g. https://api.openai.com/v1 */
  baseUrl: string;
  model: string;
  dimensions: number;
  apiKey?: string;
  /** Texts per request; default 64. */
  batch?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class OpenAiEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.model = `openai:${options.model}`;
    this.dimensions = options.dimensions;
  }

  async embed(
    texts: readonly string[],
    options: { onProgress?: (done: number, total: number) => void } = {},
  ): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const batch = Math.max(1, this.options.batch ?? 64);
    for (let i = 0; i < texts.length; i += batch) {
      out.push(...(await this.request(texts.slice(i, i + batch))));
      options.onProgress?.(out.length, texts.length);
    }
    return out;
  }

  private async request(input: readonly string[]): Promise<Float32Array[]> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/embeddings`;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.apiKey && { authorization: `Bearer ${this.options.apiKey}` }),
        },
        body: JSON.stringify({ model: this.options.model, input }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new EmbedderError(`embeddings endpoint ${url} unreachable: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!response.ok) {
      const body = (await response.text().catch(() => '')).slice(0, 300);
      throw new EmbedderError(`embeddings endpoint ${url} answered ${response.status}: ${body}`);
    }
    const json = (await response.json().catch(() => null)) as {
      data?: { index?: number; embedding?: number[] }[];
    } | null;
    const data = json?.data;
    if (!Array.isArray(data) || data.length !== input.length)
      throw new EmbedderError(
        `embeddings endpoint ${url} answered ${data?.length ?? 'no'} vectors for ${input.length} texts`,
      );
    const vectors = new Array<Float32Array>(input.length);
    data.forEach((d, i) => {
      const embedding = d.embedding;
      if (!Array.isArray(embedding) || embedding.length !== this.dimensions)
        throw new EmbedderError(
          `embeddings endpoint ${url} answered a vector of ${embedding?.length ?? 0} dimensions, configured ${this.dimensions}`,
        );
      vectors[d.index ?? i] = normalize(embedding);
    });
    return vectors;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
