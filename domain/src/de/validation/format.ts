/**
 * An integer with thousands separators, as `toLocaleString('en-US')` writes it, without its first call's cost
 * (loading the ICU number formats, paid by the first failing validation of a process).
 */
function grouped(n: number): string {
  // Beyond 2^53 toLocaleString writes the shortest digits that round-trip; so rare a value may pay for it.
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

/** A number as an explanation writes it: grouped when large, four significant digits when small. */
export const fmt = (x: number): string =>
  Math.abs(x) >= 1000 ? grouped(Math.round(x)) : String(Number(x.toPrecision(4)));
