/**
 * Pieces of the search page that need no React: reading `platform:`/`tag:`/`domain:` filters typed into the
 * box, highlighting evidence, and grouping near-duplicate results.
 */

export type FilterKind = 'platform' | 'domain' | 'tag' | 'term' | 'owner' | 'layer';

export interface Chip {
  kind: FilterKind;
  value: string;
}

const FILTER = /(?:^|\s)(platform|domain|tag|term|owner|layer):("[^"]+"|\S+)/gi;

/** Splits `orders platform:snowflake tag:PII` into the free text and the filter chips. */
export function parseQuery(input: string): { text: string; chips: Chip[] } {
  const chips: Chip[] = [];
  const text = input
    .replace(FILTER, (_m, kind: string, value: string) => {
      chips.push({ kind: kind.toLowerCase() as FilterKind, value: value.replace(/^"|"$/g, '') });
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { text, chips };
}

/** The box's text without one chip, so removing a chip edits what the user typed. */
export function removeChip(input: string, chip: Chip): string {
  return input
    .replace(FILTER, (m, kind: string, value: string) =>
      kind.toLowerCase() === chip.kind && value.replace(/^"|"$/g, '') === chip.value ? ' ' : m,
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** The box's text with one more chip, quoted when its value has a space. */
export function addChip(input: string, chip: Chip): string {
  const value = /\s/.test(chip.value) ? `"${chip.value}"` : chip.value;
  return `${input.trim()} ${chip.kind}:${value}`.trim();
}

export interface Segment {
  text: string;
  hit: boolean;
}

/** Cuts `value` into plain and matching segments for each query term (case-insensitive, terms of 2+ chars). */
export function highlight(value: string, query: string): Segment[] {
  const terms = [
    ...new Set(
      query
        .toLowerCase()
        .split(/[^\p{L}\p{N}_]+/u)
        .filter((t) => t.length >= 2),
    ),
  ];
  if (terms.length === 0) return [{ text: value, hit: false }];
  const pattern = new RegExp(
    `(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
    'gi',
  );
  return value
    .split(pattern)
    .filter((s) => s !== '')
    .map((text) => ({ text, hit: terms.includes(text.toLowerCase()) }));
}

/**
 * Groups results that are the same table in different places (gold_us.customer_360 and gold_eu.customer_360):
 * the key is what a group key function returns; the first result of a group keeps its rank.
 */
export function groupNearDuplicates<T>(items: T[], key: (item: T) => string): { key: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups].map(([k, items]) => ({ key: k, items }));
}

/**
 * Words that made an understood filter explicit, around its phrase ("tagged PII", "with the PII tag", "in the
 * marketing domain", "on snowflake", "used by the Revenue dashboard"): the search answers the label's name as
 * the phrase, and these go with it when its chip is removed.
 */
const CUE_BEFORE =
  '(?:(?:tagged|labell?ed|marked|classified)(?:\\s+as)?|label\\s+as|tag|term|domain|platform|owner|layer|on|in|from|with|(?:owned|used|read|consumed)\\s+by)';
const CUE_AFTER = '(?:tag|term|domain|platform|layer|dashboard|chart)s?';

/** The box's text without the words an understood filter came from, so removing its chip drops the filter. */
export function removePhrase(input: string, phrase: string): string {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Lookarounds rather than \b: a phrase may end in a quote (`domain:"Customer Data"`).
  const pattern = `(?<![\\w:"])(?:${CUE_BEFORE}\\s+(?:the\\s+)?)?${escaped}(?:\\s+${CUE_AFTER})?(?![\\w"])`;
  return input.replace(new RegExp(pattern, 'i'), ' ').replace(/\s+/g, ' ').trim();
}
