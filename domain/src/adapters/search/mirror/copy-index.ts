import type { CopyCandidate } from '../../../ports/search-documents.js';

/**
 * What telling copies of a table apart needs of every document, in memory, by copy key. A copy key is a table's
 * name, and a catalog reuses names widely (at 100k datasets the demo catalog has groups of about 1,900
 * same-named tables), so reading a group from the database on every question was slow, and a read capped at
 * 2,000 rows cut the groups of a page short. Column lists are shared between documents that have the same
 * columns (copies do, by definition), which keeps this to some tens of MB at 100k datasets.
 */
export class CopyIndex {
  private readonly byUrn = new Map<string, CopyCandidate>();
  private readonly byKey = new Map<string, Set<string>>();
  /** Each copy key's members in urn order, worked out when first asked and dropped when its members change. */
  private readonly sorted = new Map<string, readonly CopyCandidate[]>();
  /** Shared column lists, with how many documents use each. */
  private readonly columnLists = new Map<string, { columns: string[]; users: number }>();

  get size(): number {
    return this.byUrn.size;
  }

  /** Adds a document's candidate or replaces its previous one. */
  put(candidate: CopyCandidate): void {
    this.remove(candidate.urn);
    const id = candidate.columns.join('\u0000');
    let shared = this.columnLists.get(id);
    if (!shared) this.columnLists.set(id, (shared = { columns: [...candidate.columns], users: 0 }));
    shared.users++;
    const c: CopyCandidate = {
      ...candidate,
      upstreams: candidate.upstreams.length > 0 ? candidate.upstreams : NONE,
      downstreams: candidate.downstreams.length > 0 ? candidate.downstreams : NONE,
      columns: shared.columns,
    };
    this.byUrn.set(c.urn, c);
    let members = this.byKey.get(c.copyKey);
    if (!members) this.byKey.set(c.copyKey, (members = new Set()));
    members.add(c.urn);
    this.sorted.delete(c.copyKey);
  }

  remove(urn: string): void {
    const c = this.byUrn.get(urn);
    if (!c) return;
    this.byUrn.delete(urn);
    const members = this.byKey.get(c.copyKey)!;
    members.delete(urn);
    if (members.size === 0) this.byKey.delete(c.copyKey);
    this.sorted.delete(c.copyKey);
    const id = c.columns.join('\u0000');
    const shared = this.columnLists.get(id);
    if (shared && --shared.users === 0) this.columnLists.delete(id);
  }

  clear(): void {
    this.byUrn.clear();
    this.byKey.clear();
    this.sorted.clear();
    this.columnLists.clear();
  }

  /** The documents sharing a copy key, in urn order (shared lists: not to be changed). */
  members(copyKey: string): readonly CopyCandidate[] {
    let list = this.sorted.get(copyKey);
    if (!list) {
      const urns = [...(this.byKey.get(copyKey) ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      list = urns.map((u) => this.byUrn.get(u)!);
      this.sorted.set(copyKey, list);
    }
    return list;
  }
}

/** The empty lineage most documents have, shared (frozen: a caller that changed it would change them all). */
const NONE = Object.freeze([]) as unknown as string[];
