/**
 * The indexed datasets' names and upstream datasets, as a graph over small integers, for the "used by" walk.
 * A walk reaches tens of thousands of datasets at 100k ("used by marketing": 2,500 read by its dashboards,
 * 24,000 upstream of them); over maps keyed by urn most of a walk went to hashing and comparing urns.
 * Every urn seen (an indexed dataset or an upstream one) gets a number that it keeps.
 */
export class LineageGraph {
  private readonly idOf = new Map<string, number>();
  private readonly urns: string[] = [];
  /** The indexed dataset's name; undefined for an upstream that is not indexed (listed, not walked through). */
  private readonly names: (string | undefined)[] = [];
  private readonly upstreams: (readonly number[] | null)[] = [];
  // Per walk: which numbers it reached (stamp), at what depth, and the root name it came from.
  private stamp = new Int32Array(0);
  private depth = new Int32Array(0);
  private via: string[] = [];
  private walks = 0;
  /** Counts the changes to names and upstreams (what a kept walk depends on). */
  version = 0;

  put(urn: string, name: string, upstreams: readonly string[]): void {
    const id = this.id(urn);
    const ups = upstreams.length > 0 ? upstreams.map((u) => this.id(u)) : NONE;
    const before = this.upstreams[id];
    if (
      this.names[id] === name &&
      before &&
      before.length === ups.length &&
      before.every((u, i) => u === ups[i])
    )
      return;
    this.names[id] = name;
    this.upstreams[id] = ups;
    this.version++;
  }

  remove(urn: string): void {
    const id = this.idOf.get(urn);
    if (id === undefined || this.names[id] === undefined) return;
    this.names[id] = undefined;
    this.upstreams[id] = null;
    this.version++;
  }

  has(urn: string): boolean {
    const id = this.idOf.get(urn);
    return id !== undefined && this.names[id] !== undefined;
  }

  /**
   * Breadth first: each dataset at its least depth, reached from the root whose name sorts first among those at
   * that depth; in order of depth, then urn; unindexed upstreams are listed but not walked through.
   */
  walk(roots: readonly string[], maxDepth: number, cap: number): { urn: string; via: string }[] {
    const n = this.urns.length;
    if (this.stamp.length < n) {
      this.stamp = new Int32Array(Math.max(n, 2 * this.stamp.length));
      this.depth = new Int32Array(this.stamp.length);
      this.walks = 0;
    }
    const walk = ++this.walks;
    const { stamp, depth, via, urns } = this;
    let frontier: number[] = [];
    for (const root of roots) {
      const id = this.idOf.get(root);
      const name = id === undefined ? undefined : this.names[id];
      if (id === undefined || name === undefined) continue;
      if (stamp[id] !== walk) {
        frontier.push(id);
        stamp[id] = walk;
        via[id] = name;
      } else if (!(via[id]! < name)) via[id] = name;
      depth[id] = 0;
    }
    const found: number[] = [];
    const byUrn = (a: number, b: number) => (urns[a]! < urns[b]! ? -1 : urns[a]! > urns[b]! ? 1 : 0);
    for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
      const next: number[] = [];
      for (const from of frontier) {
        const fromVia = via[from]!;
        const ups = this.upstreams[from];
        if (!ups) continue;
        for (let i = 0; i < ups.length; i++) {
          const up = ups[i]!;
          if (stamp[up] !== walk) {
            stamp[up] = walk;
            depth[up] = d;
            via[up] = fromVia;
            next.push(up);
          } else if (depth[up] === d && fromVia < via[up]!) via[up] = fromVia;
        }
      }
      next.sort(byUrn);
      for (const id of next) found.push(id);
      frontier = next;
    }
    return found.slice(0, cap).map((id) => ({ urn: urns[id]!, via: via[id]! }));
  }

  private id(urn: string): number {
    let id = this.idOf.get(urn);
    if (id === undefined) {
      id = this.urns.length;
      this.idOf.set(urn, id);
      this.urns.push(urn);
      this.names.push(undefined);
      this.upstreams.push(null);
    }
    return id;
  }
}

const NONE: readonly number[] = [];
