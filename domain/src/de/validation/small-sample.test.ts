import { describe, expect, it } from 'vitest';
import { smallSampleFactor } from './small-sample.js';

describe('smallSampleFactor', () => {
  it("follows Student's t: wide for few points, close to 1 for many", () => {
    // t(0.999) is 4.785 with 7 degrees of freedom and 3.245 with 55, the normal's 3.090.
    expect(smallSampleFactor(8) * 3.09).toBeCloseTo(4.7, 0);
    expect(smallSampleFactor(56) * 3.09).toBeCloseTo(3.245, 1);
    expect(smallSampleFactor(8)).toBeGreaterThan(smallSampleFactor(20));
    expect(smallSampleFactor(1000)).toBeLessThan(1.01);
  });
});
