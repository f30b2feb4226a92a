import type { HubPort } from '../../ports/hub-port.js';
import { loadsFromOperations, type LoadPoint } from './loads.js';
import { loadDeviations, type LoadDeviation } from './per-load.js';

/**
 * Calendar events learned across a catalog: a day on which many tables of the same platform loaded far fewer
 * (or far more) rows than their own history expects is a day of the catalog's calendar (a holiday, a
 * company-wide freeze, a sales day), not an incident of each table. One table's history cannot show a
 * holiday before it has a year of it; its peers show it on the day itself. A table's load that day is then
 * also judged against how its peers moved (per-load.ts): like them, it only warns; unlike them (the peers
 * normal, or it moved far beyond them), it fails as before.
 *
 * The peers are the datasets of the same platform and environment (at most MAX_PEERS of them), their loads
 * read from their DataHub `operation` events once and kept (CatalogCalendars) for the validations that
 * follow; only a validation whose load is out of its own band asks. Each peer's deviation on a day is the
 * median of its loads' deviations from their own expectation (the same per-load expectation, with weekday,
 * time of day and the calendar effects its own history shows), counting only loads up to the validation's
 * asOf, so the verdict stays causal.
 */

const DAY = 86_400_000;
/** Peers (other datasets of the platform) read at most. */
export const MAX_PEERS = 200;
/** Peers with a load on the day, at least, for the day to be judged at all. */
export const MIN_VOTERS = 6;
/** Share of those peers beyond their own warning band in one direction for a catalog event. */
export const MOVED_SHARE = 0.22;
/** Peers beyond their band, at least, for a catalog event. */
const MIN_MOVED = 3;
/** Operations read of each peer at most (an hourly table's LEARN_DAYS and more). */
const PEER_OPERATIONS = 5000;
/** Days of loads read before the earliest day judged: what a peer's expectation is learned from. */
const LEARN_DAYS = 130;
/** A cache read covers asOf up to the time it was read; a live validation reuses it this long. */
const LIVE_REUSE_MS = 5 * 60_000;

/** One peer's deviation on a day: the median over its loads that day (log scale), and its warning width. */
export interface PeerVote {
  urn: string;
  deviation: number;
  width: number;
}

/** A day on which the catalog moved together. */
export interface CatalogDay {
  /** UTC day (epoch days). */
  day: number;
  direction: 'down' | 'up';
  /** The range of the moved peers' deviations (log scale; the 10th to the 90th percentile). */
  low: number;
  high: number;
  /** Peers with a load that day up to asOf, and how many of them moved beyond their own band. */
  voters: number;
  moved: number;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;

/** Whether the peers' votes on `day` make it a catalog event, and how the moved peers moved. */
export function catalogDay(day: number, votes: readonly PeerVote[]): CatalogDay | null {
  if (votes.length < MIN_VOTERS) return null;
  const down = votes.filter((v) => v.deviation < -v.width).map((v) => v.deviation);
  const up = votes.filter((v) => v.deviation > v.width).map((v) => v.deviation);
  const [moved, direction] = down.length >= up.length ? [down, 'down' as const] : [up, 'up' as const];
  if (moved.length < MIN_MOVED || moved.length < MOVED_SHARE * votes.length) return null;
  const sorted = [...moved].sort((a, b) => a - b);
  return {
    day,
    direction,
    low: quantile(sorted, 0.1),
    high: quantile(sorted, 0.9),
    voters: votes.length,
    moved: moved.length,
  };
}

/** Each peer's median deviation on `day` over its loads up to asOf. */
export function peerVotes(
  deviationsOn: ReadonlyMap<string, readonly LoadDeviation[]>,
  asOf: number,
): PeerVote[] {
  const votes: PeerVote[] = [];
  for (const [urn, devs] of deviationsOn) {
    const known = devs.filter((d) => d.t <= asOf).sort((a, b) => a.deviation - b.deviation);
    if (known.length === 0) continue;
    const m = known.length >> 1;
    const mid =
      known.length % 2
        ? known[m]!
        : { ...known[m]!, deviation: (known[m - 1]!.deviation + known[m]!.deviation) / 2 };
    votes.push({ urn, deviation: mid.deviation, width: mid.width });
  }
  return votes;
}

/** The platform and environment of a dataset urn (its peer group), or null for another kind of urn. */
export function peerGroup(urn: string): { platform: string; env: string } | null {
  const m = /^urn:li:dataset:\((urn:li:dataPlatform:[^,]+),.*,([A-Za-z0-9_]+)\)$/.exec(urn);
  return m ? { platform: m[1]!, env: m[2]! } : null;
}

interface GroupRead {
  /** Loads read from this time on. */
  from: number;
  /** Wall time of the read: it holds every load up to then. */
  readAt: number;
  loads: Map<string, LoadPoint[]>;
  /** Deviations per peer and UTC day, computed when first asked. */
  deviations: Map<number, Map<string, LoadDeviation[]>>;
}

/**
 * The peers' loads per platform, read when first needed and kept for the validations that follow: a read
 * serves every asOf up to when it was made (older loads do not change), and a live validation for a few
 * minutes. One per process (the composition root's validation services); without it each validation reads
 * its own.
 */
export class CatalogCalendars {
  private readonly groups = new Map<string, GroupRead>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The catalog events among `days` (UTC epoch days) as of `asOf`, for `urn` (not a peer of itself): one hub
   * read of the peers' operations when nothing kept covers them.
   */
  async events(
    hub: HubPort,
    urn: string,
    days: readonly number[],
    asOf: number,
  ): Promise<Map<number, CatalogDay>> {
    const out = new Map<number, CatalogDay>();
    const group = peerGroup(urn);
    if (!group || days.length === 0) return out;
    const read = await this.read(hub, group, Math.min(...days) * DAY - LEARN_DAYS * DAY, asOf);
    for (const day of new Set(days)) {
      let byPeer = read.deviations.get(day);
      if (!byPeer) {
        byPeer = new Map();
        for (const [peer, loads] of read.loads) {
          const devs = loadDeviations(loads, day * DAY, (day + 1) * DAY);
          if (devs.length > 0) byPeer.set(peer, devs);
        }
        read.deviations.set(day, byPeer);
      }
      const others = new Map([...byPeer].filter(([peer]) => peer !== urn));
      const event = catalogDay(day, peerVotes(others, asOf));
      if (event) out.set(day, event);
    }
    return out;
  }

  private async read(
    hub: HubPort,
    group: { platform: string; env: string },
    from: number,
    asOf: number,
  ): Promise<GroupRead> {
    const key = `${group.platform}|${group.env}`;
    const now = this.now();
    const kept = this.groups.get(key);
    if (kept && kept.from <= from && (asOf <= kept.readAt || now - kept.readAt <= LIVE_REUSE_MS)) return kept;
    const start = Math.min(from, kept?.from ?? from);
    const page = await hub.search({
      types: ['DATASET'],
      query: '*',
      filters: [{ field: 'platform', values: [group.platform] }],
      start: 0,
      count: MAX_PEERS,
    });
    const urns = page.hits.map((h) => h.entity.urn).filter((u) => peerGroup(u)?.env === group.env);
    const operations = await hub.getOperations(urns, { startTimeMillis: start, limit: PEER_OPERATIONS });
    const loads = new Map<string, LoadPoint[]>();
    for (const [u, ops] of operations) {
      const l = loadsFromOperations(ops);
      if (l.length > 0) loads.set(u, l);
    }
    const fresh: GroupRead = { from: start, readAt: now, loads, deviations: new Map() };
    this.groups.set(key, fresh);
    return fresh;
  }
}
