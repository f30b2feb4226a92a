/**
 * Integer parameters from outside (query strings, request bodies, event timestamps): one check, so a
 * fraction, an exponent beyond the safe range or a value the store's bigint columns cannot hold is
 * refused with a reason instead of failing in SQL.
 */

export interface IntegerRange {
  min: number;
  max: number;
}

/** Epoch milliseconds a JavaScript Date (and so every DataHub client) can represent. */
export const MILLIS_RANGE: IntegerRange = { min: 0, max: 8_640_000_000_000_000 };
export const NON_NEGATIVE: IntegerRange = { min: 0, max: Number.MAX_SAFE_INTEGER };
export const POSITIVE: IntegerRange = { min: 1, max: Number.MAX_SAFE_INTEGER };

export class IntegerInputError extends Error {
  readonly code = 'INVALID_PARAMETER';
  constructor(message: string) {
    super(message);
    this.name = 'IntegerInputError';
  }
}

/**
 * The integer a parameter holds: a JSON number, or decimal digits as a query string carries them.
 * Anything else (fractions, exponents, hex, out of range) is an IntegerInputError naming the parameter.
 */
export function readInteger(value: unknown, name: string, range: IntegerRange): number {
  const parsed =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^-?\d{1,20}$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < range.min || parsed > range.max) {
    const shown =
      typeof value === 'string'
        ? JSON.stringify(value.slice(0, 40))
        : (JSON.stringify(value) ?? String(value));
    throw new IntegerInputError(`${name} must be an integer from ${range.min} to ${range.max}, got ${shown}`);
  }
  return parsed;
}
