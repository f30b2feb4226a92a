/**
 * A scale learned from few points is itself uncertain: a band of k scales around it is narrower than k
 * standard deviations would be. Bands are widened by the ratio of Student's t quantile with n − 1 degrees of
 * freedom to the normal's, at the one-sided 0.1% quantile (Cornish–Fisher expansion of t), so a weekly table
 * with eight points is judged as cautiously, in false alarms, as a daily table with fifty-six.
 */

/** The normal's one-sided 0.1% quantile. */
const Z = 3.09;

/** The factor by which a band widens for a scale estimated from `n` points (1 for many points). */
export function smallSampleFactor(n: number): number {
  const dof = Math.max(1, n - 1);
  const t = Z + (Z ** 3 + Z) / (4 * dof) + (5 * Z ** 5 + 16 * Z ** 3 + 3 * Z) / (96 * dof ** 2);
  return t / Z;
}
