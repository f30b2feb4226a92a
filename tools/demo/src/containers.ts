/**
 * The containers datasets sit in: the shared lake bucket and warehouse database, each replica's source
 * databases and lake/warehouse layers, which container holds a dataset, and the proposals of a container.
 * Container urns are DataHub's md5 of the container key, so they match what a real ingestion would emit.
 */
import { createHash } from 'node:crypto';
import { SYSTEMS, type SystemId } from './tables.js';
import { mcp, type Emit } from './aspects.js';
import type { Instance } from './context.js';
import type { Platform, Region } from './regions.js';

function containerUrn(key: Record<string, string>): string {
  return `urn:li:container:${createHash('md5').update(JSON.stringify(key)).digest('hex')}`;
}

export interface ContainerDef {
  urn: string;
  name: string;
  platform: Platform;
  subType: string;
  description: string;
  parent?: ContainerDef;
  properties: Record<string, string>;
}

export const LAKE_BUCKET: ContainerDef = {
  urn: containerUrn({ platform: 's3', env: 'PROD', bucket_name: 'acme-datalake' }),
  name: 'acme-datalake',
  platform: 's3',
  subType: 'S3 bucket',
  description: 'The data lake bucket: raw landing zone of every source system.',
  properties: { bucket_name: 'acme-datalake', env: 'PROD' },
};
export const WAREHOUSE_DB: ContainerDef = {
  urn: containerUrn({ platform: 'snowflake', env: 'PROD', database: 'acme_dw' }),
  name: 'ACME_DW',
  platform: 'snowflake',
  subType: 'Database',
  description: 'The Snowflake warehouse: silver models and gold marts built by dbt.',
  properties: { database: 'acme_dw', env: 'PROD' },
};

export function regionContainers(rg: Region): Record<string, ContainerDef> {
  const db = (system: SystemId, platform: Platform): ContainerDef => ({
    urn: containerUrn({ platform, env: 'PROD', database: `${system}_${rg.code}` }),
    name: `${system}_${rg.code}`,
    platform,
    subType: 'Database',
    description: `${SYSTEMS[system].description}, ${rg.name}.`,
    properties: { database: `${system}_${rg.code}`, env: 'PROD', region: rg.code },
  });
  const shop = db('shop', 'postgres');
  return {
    shop,
    shopSchema: {
      urn: containerUrn({ platform: 'postgres', env: 'PROD', database: `shop_${rg.code}`, schema: 'public' }),
      name: 'public',
      platform: 'postgres',
      subType: 'Schema',
      description: '',
      parent: shop,
      properties: { database: `shop_${rg.code}`, schema: 'public', env: 'PROD' },
    },
    erp: db('erp', 'mysql'),
    crm: db('crm', 'mysql'),
    bronze: {
      urn: containerUrn({
        platform: 's3',
        env: 'PROD',
        bucket_name: 'acme-datalake',
        folder: `bronze/${rg.code}`,
      }),
      name: `bronze/${rg.code}`,
      platform: 's3',
      subType: 'Folder',
      description: `Bronze layer, ${rg.name}: raw landing copies of the source systems.`,
      parent: LAKE_BUCKET,
      properties: { folder: `bronze/${rg.code}`, env: 'PROD', layer: 'bronze', region: rg.code },
    },
    silver: {
      urn: containerUrn({
        platform: 'snowflake',
        env: 'PROD',
        database: 'acme_dw',
        schema: `silver_${rg.code}`,
      }),
      name: `SILVER_${rg.code.toUpperCase()}`,
      platform: 'snowflake',
      subType: 'Schema',
      description: `Silver layer, ${rg.name}: cleaned and conformed dbt models.`,
      parent: WAREHOUSE_DB,
      properties: {
        database: 'acme_dw',
        schema: `silver_${rg.code}`,
        env: 'PROD',
        layer: 'silver',
        region: rg.code,
      },
    },
    gold: {
      urn: containerUrn({
        platform: 'snowflake',
        env: 'PROD',
        database: 'acme_dw',
        schema: `gold_${rg.code}`,
      }),
      name: `GOLD_${rg.code.toUpperCase()}`,
      platform: 'snowflake',
      subType: 'Schema',
      description: `Gold layer, ${rg.name}: curated marts for reporting.`,
      parent: WAREHOUSE_DB,
      properties: {
        database: 'acme_dw',
        schema: `gold_${rg.code}`,
        env: 'PROD',
        layer: 'gold',
        region: rg.code,
      },
    },
  };
}

export function containerOf(inst: Instance, cs: Record<string, ContainerDef>): ContainerDef | undefined {
  const t = inst.t;
  if (t.layer === 'source') {
    if (t.system === 'shop') return cs.shopSchema;
    if (t.system === 'erp') return cs.erp;
    if (t.system === 'crm') return cs.crm;
    return undefined; // kafka topics have no container
  }
  return cs[t.layer];
}

export function* containerProposals(c: ContainerDef, now: number): Generator<Emit> {
  yield mcp(
    'container',
    c.urn,
    'containerProperties',
    { name: c.name, description: c.description, customProperties: c.properties },
    now,
  );
  yield mcp('container', c.urn, 'subTypes', { typeNames: [c.subType] }, now);
  yield mcp(
    'container',
    c.urn,
    'dataPlatformInstance',
    { platform: `urn:li:dataPlatform:${c.platform}` },
    now,
  );
  yield mcp('container', c.urn, 'status', { removed: false }, now);
  if (c.parent) yield mcp('container', c.urn, 'container', { container: c.parent.urn }, now);
  yield mcp(
    'container',
    c.urn,
    'browsePathsV2',
    { path: c.parent ? [{ id: c.parent.urn, urn: c.parent.urn }] : [] },
    now,
  );
}
