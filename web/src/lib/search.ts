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

/** Where an understood filter's words are in the question the server answered (SearchUnderstoodFilter). */
export interface QuestionSpan {
  matched: string;
  start: number;
  end: number;
}

/** Spaces, commas and joining words left at the edges or doubled where words were cut out. */
function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/ ([,.;?!])/g, '$1')
    .replace(/([,;]\s*)+([,.;?!]|$)/g, '$2')
    .replace(/^[\s,.;]+|[\s,;]+$/g, '')
    .replace(/^(?:and|or|with)\b\s*|\s*\b(?:and|or|with)$/gi, '')
    .trim();
}

/**
 * The box's text without the words an understood filter came from, so removing its chip drops the filter and
 * leaves nothing of it behind ("tagged", "in the … domain", "used by …"). The server says which words: the
 * span of `question` (the box's text without its chips, as sent) with the cue words. They are cut where they
 * are in the box, found as the same occurrence outside the chips; when the box no longer has them as sent,
 * the question is rebuilt without them and the chips follow.
 */
export function removeUnderstood(input: string, question: string, span: QuestionSpan): string {
  const { matched } = span;
  if (matched === '' || question.slice(span.start, span.end) !== matched) return input;
  let occurrence = 0;
  for (
    let i = question.indexOf(matched);
    i !== -1 && i < span.start;
    i = question.indexOf(matched, i + matched.length)
  )
    occurrence++;
  const chips = [...input.matchAll(FILTER)].map((m) => [m.index, m.index + m[0].length] as const);
  // The question's spaces are collapsed: the box may have several where it has one.
  const typed = new RegExp(
    matched
      .split(/\s+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+'),
    'g',
  );
  const outside = [...input.matchAll(typed)].filter(
    (m) => !chips.some(([from, to]) => m.index < to && m.index + m[0].length > from),
  );
  const found = outside[occurrence];
  if (found) return tidy(input.slice(0, found.index) + ' ' + input.slice(found.index + found[0].length));
  const rest = tidy(question.slice(0, span.start) + ' ' + question.slice(span.end));
  return parseQuery(input).chips.reduce(addChip, rest);
}
