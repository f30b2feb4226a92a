import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { dot, normalize } from '../../ports/embedder.js';
import { MiniLmEmbedder } from './minilm-embedder.js';

/**
 * testdata/minilm-reference.json holds vectors the candle/WASM engine of @lat.md/embed 0.2.0 made from the
 * same weights package, the engine every earlier search index was built with. The ONNX graph must give the
 * same vectors, so that an index built before keeps matching the questions embedded now. The texts cover a
 * one-letter word, questions, accents, a dataset document and one over the 256-token limit (truncated).
 */
const reference = JSON.parse(
  readFileSync(new URL('./testdata/minilm-reference.json', import.meta.url), 'utf8'),
) as { texts: string[]; vectors: number[][] };

const embedder = new MiniLmEmbedder({ threads: 2 });
afterAll(() => embedder.close());

describe('MiniLmEmbedder (ONNX Runtime)', () => {
  it('reproduces the reference engine’s vectors, long texts truncated the same way', async () => {
    const vectors = await embedder.embed(reference.texts, { priority: 'query' });
    expect(vectors).toHaveLength(reference.texts.length);
    reference.vectors.forEach((expected, i) => {
      expect(vectors[i]).toHaveLength(384);
      expect(dot(vectors[i]!, normalize(expected)), reference.texts[i]).toBeGreaterThan(0.99999);
    });
  });

  it('embeds a very long text as its beginning (the model reads 256 tokens)', async () => {
    const long = `${reference.texts[5]} `.repeat(200);
    const [whole, start] = await embedder.embed([long, long.slice(0, 4000)]);
    expect(dot(whole!, start!)).toBeGreaterThan(0.99999);
  });

  it('puts a question nearer the dataset that answers it than an unrelated one', async () => {
    const [question, orders, weather] = await embedder.embed(
      [
        'which table has customer email addresses',
        'customers: customer id, first name, last name, email address, signup date',
        'weather_stations: station id, latitude, longitude, elevation, daily rainfall',
      ],
      { priority: 'query' },
    );
    expect(dot(question!, orders!)).toBeGreaterThan(dot(question!, weather!) + 0.1);
  });

  it('answers queries and bulk work interleaved, in order, and a blank text too', async () => {
    const bulk = Array.from({ length: 40 }, (_, i) => `table_${i}: column ${i}, amount, created at`);
    let progress = 0;
    const [bulkVectors, query] = await Promise.all([
      embedder.embed(bulk, { onProgress: (done) => (progress = done) }),
      embedder.embed(['   ', reference.texts[1]!], { priority: 'query' }),
    ]);
    expect(progress).toBe(40);
    const alone = await embedder.embed([bulk[17]!]);
    expect(dot(bulkVectors[17]!, alone[0]!)).toBeGreaterThan(0.99999);
    expect(query).toHaveLength(2);
    expect(dot(query[1]!, normalize(reference.vectors[1]!))).toBeGreaterThan(0.99999);
  });

  it('closes while its workers start or work: what it began ends, what waits is refused, nothing is left', async () => {
    const closing = new MiniLmEmbedder({ threads: 1 });
    const texts = Array.from({ length: 64 }, (_, i) => `table_${i}: a column, another column`);
    // Asked before the workers are up, then closed at once: close must stop the workers that come up after.
    const asked = closing.embed(texts).then(
      (vectors) => vectors.length,
      (error: Error) => error.message,
    );
    await closing.close();
    // The chunk a worker had taken finished; the rest were refused rather than run by a closed embedder.
    expect(await asked).toBe('the embedder is closed');
    await expect(closing.embed(['after close'])).rejects.toThrow('the embedder is closed');
  });
});
