import { InvalidInputError } from './errors.js';

/** A page of a list, with the defaults filled in; a bad limit or offset is refused with its code. */
export function checkedPage(page: { limit?: number; offset?: number }): { limit: number; offset: number } {
  const limit = page.limit ?? 20;
  const offset = page.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new InvalidInputError('INVALID_LIMIT', `limit must be an integer from 1 to 100, got ${limit}`);
  if (!Number.isInteger(offset) || offset < 0)
    throw new InvalidInputError('INVALID_OFFSET', `offset must be a non-negative integer, got ${offset}`);
  return { limit, offset };
}

/** Refuses statuses outside `known` with INVALID_STATUS, naming them and the ones expected. */
export function checkStatuses(given: readonly string[] | null | undefined, known: readonly string[]): void {
  const unknown = (given ?? []).filter((s) => !known.includes(s));
  if (unknown.length > 0)
    throw new InvalidInputError(
      'INVALID_STATUS',
      `unknown status(es) ${unknown.join(', ')}; expected ${known.join(', ')}`,
    );
}
