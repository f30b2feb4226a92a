import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/prng.js';
import { IsolationForest } from './isolation-forest.js';

/** 300 points of a 3-d cloud around the origin (uniform in [-1, 1] on each axis). */
function cloud(seed: number, n = 300): number[][] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1]);
}

describe('IsolationForest', () => {
  const data = cloud(1);

  it('scores an outlier above the inliers', () => {
    const forest = new IsolationForest(data, { seed: 3 });
    const outlier = forest.score([6, -5, 7]);
    // Points of the cloud's core (beyond the data's range, splits cannot tell an outlier from the extreme
    // inliers it lies past, so a corner of the cube scores like the outlier: a property of isolation forests).
    const core = cloud(2, 200)
      .filter((p) => p.every((x) => Math.abs(x) < 0.6))
      .map((p) => forest.score(p));
    expect(core.length).toBeGreaterThan(10);
    expect(outlier).toBeGreaterThan(0.55);
    expect(outlier).toBeGreaterThan(Math.max(...core));
    // Ordinary points sit around 0.5 or below.
    expect(core.reduce((a, b) => a + b, 0) / core.length).toBeLessThan(0.5);
  });

  it('scores an outlier on one axis only, the others ordinary', () => {
    const forest = new IsolationForest(data, { seed: 3 });
    expect(forest.score([0, 0, 8])).toBeGreaterThan(forest.score([0, 0, 0]) + 0.05);
  });

  it('is deterministic for a seed', () => {
    const a = new IsolationForest(data, { seed: 42 });
    const b = new IsolationForest(data, { seed: 42 });
    const probes = [
      [0, 0, 0],
      [0.9, -0.9, 0.5],
      [3, 3, 3],
    ];
    expect(probes.map((p) => a.score(p))).toEqual(probes.map((p) => b.score(p)));
    const c = new IsolationForest(data, { seed: 43 });
    expect(probes.map((p) => c.score(p))).not.toEqual(probes.map((p) => a.score(p)));
  });

  it('copes with constant features and tiny data', () => {
    const flat = data.map((p) => [p[0]!, 5]);
    const forest = new IsolationForest(flat, { seed: 1 });
    expect(forest.score([0, 5])).toBeLessThan(forest.score([10, 5]));
    expect(new IsolationForest([[1, 2]], { seed: 1 }).score([1, 2])).toBe(0);
  });
});
