/**
 * DataHub's `relationships` and `lineage` fields of an entity: one hop over the hub's relationship table and
 * its lineage edges.
 */
import { sql } from 'drizzle-orm';
import { pgTextArray } from '@dataspoke/platform/store/sql';
import { ref, type EntityRef } from '../read/values.js';
import { lineageValue, uniqueLineageEdges } from '../read/lineage-values.js';
import type { HubGraphqlContext } from './context.js';
import type { LineageDirection } from './lineage.js';

export interface RelationshipsArgs {
  input: {
    types: string[];
    direction: 'INCOMING' | 'OUTGOING';
    start?: number | null;
    count?: number | null;
  };
}

export async function relationships(source: EntityRef, args: RelationshipsArgs, ctx: HubGraphqlContext) {
  const { types, direction } = args.input;
  const start = Math.max(0, args.input.start ?? 0);
  const count = Math.max(0, Math.min(args.input.count ?? 100, 10_000));
  const t = pgTextArray(types);
  const where =
    direction === 'OUTGOING'
      ? sql`source_urn = ${source.urn} and relationship_type = any(${t}::text[])`
      : sql`destination_urn = ${source.urn} and relationship_type = any(${t}::text[])`;
  const other = direction === 'OUTGOING' ? sql.raw('destination_urn') : sql.raw('source_urn');
  const [totalRow] = await ctx.store.query<{ total: number | string }>(
    sql`select count(*) as total from hub.relationship where ${where}`,
  );
  const rows = await ctx.store.query<{ urn: string; type: string; created_on: unknown }>(
    sql`select ${other} as urn, relationship_type as type, created_on from hub.relationship where ${where}
        order by ${other}, relationship_type limit ${count} offset ${start}`,
  );
  return {
    start,
    count: rows.length,
    total: Number(totalRow?.total ?? 0),
    relationships: rows.map((r) => ({
      type: r.type,
      direction,
      entity: ref(r.urn),
      created: r.created_on ? { time: new Date(r.created_on as string).getTime(), actor: null } : null,
    })),
  };
}

export interface LineageArgs {
  input: {
    direction: LineageDirection;
    start?: number | null;
    count?: number | null;
    includeGhostEntities?: boolean | null;
  };
}

export async function lineage(source: EntityRef, args: LineageArgs, ctx: HubGraphqlContext) {
  const start = Math.max(0, args.input.start ?? 0);
  const count = Math.max(0, Math.min(args.input.count ?? 100, 10_000));
  const edges = await ctx.lineageEdges[args.input.direction].load(source.urn);
  const unique = uniqueLineageEdges(edges);
  const live = args.input.includeGhostEntities
    ? unique.map(() => true)
    : await ctx.live.loadMany(unique.map((e) => e.to));
  return lineageValue(source.urn, unique, live, start, count);
}
