import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadCorpus,
  loadProfiles,
  loadPublishedScores,
  PROFILES,
  type NabSeries,
} from '../../bench/nab/corpus.js';
import { scaledSigmoid, scoreCorpus, weighRows } from '../../bench/nab/scorer.js';

/**
 * The NAB scorer reproduces NAB's published scoreboard from the published detectors' raw outputs: if it did
 * not, the figure `npm run bench:nab` prints for our detector would not be comparable with anyone else's.
 */
const NAB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/nab');
const present = existsSync(path.join(NAB_DIR, 'results/final_results.json'));

describe.skipIf(!present)('NAB scorer against the published scoreboard (../shared/nab)', () => {
  let corpus: NabSeries[];
  let published: Record<string, Record<string, number>>;
  beforeAll(async () => {
    corpus = await loadCorpus(NAB_DIR);
    published = JSON.parse(
      await readFile(path.join(NAB_DIR, 'results/final_results.json'), 'utf8'),
    ) as Record<string, Record<string, number>>;
  });

  it('reads the whole corpus: 58 series, 116 windows', () => {
    expect(corpus).toHaveLength(58);
    expect(corpus.reduce((n, s) => n + s.windows.length, 0)).toBe(116);
  });

  it.each(['numenta', 'windowedGaussian', 'null'])(
    'reproduces %s on all three profiles within 0.5',
    async (detector) => {
      const scores = await loadPublishedScores(NAB_DIR, detector);
      const profiles = await loadProfiles(NAB_DIR);
      const input = corpus.map((s) => {
        const sc = scores.get(s.key);
        if (!sc) throw new Error(`${detector} has no output for ${s.key}`);
        return { key: s.key, timestamps: s.timestamps, scores: sc, windows: s.windows };
      });
      for (const profile of PROFILES) {
        const result = scoreCorpus(input, profiles[profile]);
        expect(
          Math.abs(result.normalizedScore - published[detector]![profile]!),
          `${detector} ${profile}`,
        ).toBeLessThan(0.5);
      }
    },
  );
});

describe('NAB scoring rules', () => {
  const cost = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
  // 100 rows: probation is the first 15; one window over rows 40–49.
  const timestamps = Array.from({ length: 100 }, (_, i) => i * 1000);
  const windows: [number, number][] = [[40_000, 49_000]];
  const scoreOf = (hits: number[]) => {
    const scores = timestamps.map((_, i) => (hits.includes(i) ? 1 : 0));
    return scoreCorpus([{ key: 'x', timestamps, scores, windows }], cost).rawScore;
  };

  it('a detection at the window start is worth A_TP; later in the window less; a miss −A_FN', () => {
    expect(scoreOf([40])).toBeCloseTo(1, 6);
    expect(scoreOf([45])).toBeLessThan(scoreOf([41]));
    expect(scoreOf([])).toBe(-1);
  });

  it('only the first detection in a window counts', () => {
    expect(scoreOf([40, 41, 42, 48])).toBeCloseTo(scoreOf([40]), 9);
  });

  it('a false positive before any window costs A_FP; one just after a window costs less; probation is free', () => {
    expect(scoreOf([40, 20]) - scoreOf([40])).toBeCloseTo(-0.11, 9);
    const justAfter = scoreOf([40, 50]) - scoreOf([40]);
    expect(justAfter).toBeLessThan(0);
    expect(justAfter).toBeGreaterThan(-0.11);
    expect(scoreOf([40, 5])).toBe(scoreOf([40]));
  });

  it('weighs rows with the scaled sigmoid', () => {
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(3)).toBe(-1);
    const rows = weighRows({ timestamps, scores: timestamps.map(() => 0), windows }, cost);
    expect(rows).toHaveLength(85);
  });
});
