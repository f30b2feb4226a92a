/**
 * Where a template lands in a replica: the replica's region (six named ones, then generated business
 * units) and the platform and qualified name, hence the urn, of the dataset there. Every other part of the
 * generator names datasets through datasetRef, so lineage edges always point at datasets that exist.
 */
import { datasetUrn } from '@dataspoke/hub/urn';
import { uniformAt } from '@dataspoke/domain/shared/prng';
import { SYSTEMS, type SystemId } from './tables.js';
import type { DatasetTemplate } from './templates.js';

export interface Region {
  code: string;
  name: string;
  scale: number;
  currency: string;
}

const NAMED_REGIONS: readonly Region[] = [
  { code: 'us', name: 'United States', scale: 1, currency: 'USD' },
  { code: 'eu', name: 'European Union', scale: 0.55, currency: 'EUR' },
  { code: 'uk', name: 'United Kingdom', scale: 0.3, currency: 'GBP' },
  { code: 'apac', name: 'Asia Pacific', scale: 0.25, currency: 'AUD' },
  { code: 'ca', name: 'Canada', scale: 0.18, currency: 'CAD' },
  { code: 'latam', name: 'Latin America', scale: 0.15, currency: 'BRL' },
];

export function region(seed: number, r: number): Region {
  const named = NAMED_REGIONS[r];
  if (named) return named;
  const code = `bu${String(r).padStart(3, '0')}`;
  return {
    code,
    name: `Business unit ${r}`,
    scale: 0.05 + 0.25 * uniformAt(seed, 'region-scale', r),
    currency: 'USD',
  };
}

export type Platform = 'postgres' | 'mysql' | 'kafka' | 's3' | 'snowflake';

export interface DatasetRef {
  urn: string;
  platform: Platform;
  qualifiedName: string;
}

export function datasetRef(t: DatasetTemplate, rg: Region): DatasetRef {
  const rc = rg.code;
  let platform: Platform;
  let name: string;
  switch (t.layer) {
    case 'source': {
      const system = t.system as SystemId;
      platform = SYSTEMS[system].platform;
      name =
        platform === 'postgres'
          ? `${system}_${rc}.public.${t.name}`
          : platform === 'mysql'
            ? `${system}_${rc}.${t.name}`
            : `${rc}.${system}.${t.name}`;
      break;
    }
    case 'bronze':
      platform = 's3';
      name = `acme-datalake/bronze/${rc}/${t.system ?? 'shop'}/${t.name}`;
      break;
    case 'silver':
      platform = 'snowflake';
      name = `acme_dw.silver_${rc}.${t.name}`;
      break;
    case 'gold':
      platform = 'snowflake';
      name = `acme_dw.gold_${rc}.${t.name}`;
      break;
  }
  return { urn: datasetUrn(platform, name), platform, qualifiedName: name };
}
