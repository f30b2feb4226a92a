/**
 * An isolation forest (Liu, Ting and Zhou, 2008) for multivariate drift: points that random axis-aligned
 * splits isolate in few steps are anomalous. Used on a dataset's column profiles (one vector per profile), so a
 * change spread over several columns is caught even when no single column crosses its own band. Seeded, so a
 * validation is reproducible.
 */

import { mulberry32 } from '../../shared/prng.js';

type Tree = { feature: number; split: number; left: Tree; right: Tree } | { size: number };

/** Average path length of an unsuccessful search in a binary search tree of n points. */
function c(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n;
}

export class IsolationForest {
  private readonly trees: Tree[] = [];
  private readonly sampleSize: number;

  constructor(
    data: readonly (readonly number[])[],
    options: { trees?: number; sampleSize?: number; seed?: number } = {},
  ) {
    const random = mulberry32(options.seed ?? 1);
    this.sampleSize = Math.min(options.sampleSize ?? 64, data.length);
    const limit = Math.ceil(Math.log2(Math.max(2, this.sampleSize)));
    for (let i = 0; i < (options.trees ?? 100); i++) {
      const sample: (readonly number[])[] = [];
      for (let j = 0; j < this.sampleSize; j++) sample.push(data[Math.floor(random() * data.length)]!);
      this.trees.push(build(sample, 0, limit, random));
    }
  }

  /** Anomaly score in (0, 1): about 0.5 or less for ordinary points, towards 1 for isolated ones. */
  score(x: readonly number[]): number {
    if (this.trees.length === 0 || this.sampleSize < 2) return 0;
    const mean = this.trees.reduce((s, t) => s + pathLength(t, x, 0), 0) / this.trees.length;
    return 2 ** (-mean / c(this.sampleSize));
  }
}

function build(sample: (readonly number[])[], depth: number, limit: number, random: () => number): Tree {
  if (depth >= limit || sample.length <= 1) return { size: sample.length };
  const dims = sample[0]!.length;
  // Try a few features for one with spread; a constant feature cannot split.
  for (let attempt = 0; attempt < dims * 2; attempt++) {
    const feature = Math.floor(random() * dims);
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of sample) {
      lo = Math.min(lo, p[feature]!);
      hi = Math.max(hi, p[feature]!);
    }
    if (hi <= lo) continue;
    const split = lo + random() * (hi - lo);
    return {
      feature,
      split,
      left: build(
        sample.filter((p) => p[feature]! < split),
        depth + 1,
        limit,
        random,
      ),
      right: build(
        sample.filter((p) => p[feature]! >= split),
        depth + 1,
        limit,
        random,
      ),
    };
  }
  return { size: sample.length };
}

function pathLength(tree: Tree, x: readonly number[], depth: number): number {
  if ('size' in tree) return depth + c(tree.size);
  return pathLength(x[tree.feature]! < tree.split ? tree.left : tree.right, x, depth + 1);
}
