/**
 * NAB benchmark: streams each of the Numenta Anomaly Benchmark's 58 series through DataSpoke's streaming
 * detector (causally: each score sees only the points before it) and scores the outputs the NAB way (see
 * bench/nab/scorer.ts) on its three cost profiles, with one threshold per profile for the whole corpus and a
 * single detector configuration for every series. Prints one JSON document on stdout.
 *
 *   npm run bench:nab -- [--nab ../shared/nab] [--out DIR] [--detail]
 *
 * --detail adds, per series, what the standard profile's threshold makes of it: each window's best detection
 * weight (1 at the window's start, about 0.85 at its labelled centre) or "missed", and the false positives.
 *
 * --out writes each series' scores in NAB's results layout, DIR/<category>/dataspoke_<file>.csv with columns
 * timestamp, value, anomaly_score, label, so that NAB's own scorer can check them.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DETECTOR_OPTIONS, StreamingDetector } from '@dataspoke/domain/de/anomaly/streaming-detector';
import { loadCorpus, loadProfiles, PROFILES, type NabSeries } from './nab/corpus.js';
import { scoreCorpus, weighRows } from './nab/scorer.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PUBLISHED_FOR_COMPARISON = ['ARTime', 'numenta', 'randomCutForest', 'twitterADVec', 'windowedGaussian'];

async function writeResults(dir: string, series: NabSeries, scores: readonly number[]): Promise<void> {
  const inWindow = (t: number) => series.windows.some(([a, b]) => t >= a && t <= b);
  const lines = ['timestamp,value,anomaly_score,label'];
  series.timestamps.forEach((t, i) => {
    lines.push(`${series.rawTimestamps[i]},${series.values[i]},${scores[i]},${inWindow(t) ? 1 : 0}`);
  });
  const target = path.join(dir, series.category, `dataspoke_${series.file}`);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, `${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      nab: { type: 'string', default: path.join(ROOT, '../shared/nab') },
      out: { type: 'string' },
      detail: { type: 'boolean', default: false },
    },
  });
  const nabDir = path.resolve(values.nab);
  const corpus = await loadCorpus(nabDir);
  const profiles = await loadProfiles(nabDir);

  const started = performance.now();
  const outputs = corpus.map((s) => {
    const detector = new StreamingDetector(DEFAULT_DETECTOR_OPTIONS);
    return s.values.map((v, i) => detector.update(v, s.timestamps[i]!));
  });
  const detectMs = performance.now() - started;
  const points = corpus.reduce((n, s) => n + s.values.length, 0);

  const input = corpus.map((s, i) => ({
    key: s.key,
    timestamps: s.timestamps,
    scores: outputs[i]!,
    windows: s.windows,
  }));
  const scores: Record<string, unknown> = {};
  let standardThreshold = Infinity;
  for (const profile of PROFILES) {
    const r = scoreCorpus(input, profiles[profile]);
    if (profile === 'standard') standardThreshold = r.threshold;
    scores[profile] = {
      score: Number(r.normalizedScore.toFixed(2)),
      raw_score: Number(r.rawScore.toFixed(4)),
      threshold: r.threshold,
      detections_in_windows: r.tp,
      detections_outside_windows: r.fp,
    };
  }

  const detail = values.detail
    ? input.map((s) => {
        const rows = weighRows(s, profiles.standard).filter((r) => r.anomalyScore >= standardThreshold);
        const windows = s.windows.map((_, w) => {
          const hits = rows.filter((r) => r.window === w);
          return hits.length > 0 ? Number(Math.max(...hits.map((r) => r.weight)).toFixed(2)) : 'missed';
        });
        const fps = rows.filter((r) => r.window < 0);
        return {
          series: s.key,
          windows,
          false_positives: fps.length,
          false_positive_cost: Number(fps.reduce((a, r) => a + r.weight, 0).toFixed(2)),
        };
      })
    : undefined;

  if (values.out) {
    const out = path.resolve(values.out);
    for (let i = 0; i < corpus.length; i++) await writeResults(out, corpus[i]!, outputs[i]!);
  }

  const published = JSON.parse(
    await readFile(path.join(nabDir, 'results/final_results.json'), 'utf8'),
  ) as Record<string, Record<string, number>>;
  console.log(
    JSON.stringify(
      {
        benchmark: 'nab',
        detector: 'dataspoke-streaming',
        configuration: DEFAULT_DETECTOR_OPTIONS,
        series: corpus.length,
        windows: corpus.reduce((n, s) => n + s.windows.length, 0),
        points,
        detect_ms: Math.round(detectMs),
        detect_us_per_point: Number(((detectMs * 1000) / points).toFixed(2)),
        scores,
        published: Object.fromEntries(
          PUBLISHED_FOR_COMPARISON.filter((d) => published[d]).map((d) => [d, published[d]]),
        ),
        target: { standard: 75 },
        meets_target: (scores.standard as { score: number }).score >= 75,
        ...(values.out && { results_dir: path.resolve(values.out) }),
        ...(detail && { standard_per_series: detail }),
      },
      null,
      2,
    ),
  );
}

await main();
