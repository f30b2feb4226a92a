import { describe, expect, it } from 'vitest';
import type { HubDatasetSummary, HubPort, HubScrollPage } from '../ports/hub-port.js';
import { catalogSummary, layerOf, summarizeDatasets } from './catalog-summary.js';

function ds(
  i: number,
  platform: string,
  domain: string | null,
  layer?: string,
  tag?: string,
): HubDatasetSummary {
  return {
    urn: `urn:li:dataset:(urn:li:dataPlatform:${platform},t${i},PROD)`,
    platform: { urn: `urn:li:dataPlatform:${platform}`, name: platform },
    domain: domain ? { domain: { urn: domain } } : null,
    tags: tag ? { tags: [{ tag: { urn: `urn:li:tag:${tag}` } }] } : { tags: [] },
    properties: layer ? { customProperties: [{ key: 'layer', value: layer }] } : null,
  };
}

describe('catalog summary', () => {
  it('takes the layer from the layer property, else a Bronze/Silver/Gold tag', () => {
    expect(layerOf(ds(1, 'hive', null, 'Silver'))).toBe('silver');
    expect(layerOf(ds(1, 'hive', null, undefined, 'Gold'))).toBe('gold');
    expect(layerOf(ds(1, 'hive', null, 'bronze', 'Gold'))).toBe('bronze');
    expect(layerOf(ds(1, 'hive', null, undefined, 'PII'))).toBeNull();
  });

  it('counts by platform, domain and layer, largest first, with null for none', () => {
    const s = summarizeDatasets([
      ds(1, 'snowflake', 'urn:li:domain:sales', 'gold'),
      ds(2, 'snowflake', 'urn:li:domain:sales', undefined, 'Silver'),
      ds(3, 'kafka', null),
    ]);
    expect(s).toEqual({
      datasets: 3,
      byPlatform: [
        { key: 'urn:li:dataPlatform:snowflake', count: 2 },
        { key: 'urn:li:dataPlatform:kafka', count: 1 },
      ],
      byDomain: [
        { key: 'urn:li:domain:sales', count: 2 },
        { key: null, count: 1 },
      ],
      byLayer: [
        { key: 'gold', count: 1 },
        { key: 'silver', count: 1 },
        { key: null, count: 1 },
      ],
    });
  });

  it('reads every page of the hub scroll', async () => {
    const pages: HubScrollPage[] = [
      { nextScrollId: 'a', total: 3, datasets: [ds(1, 'hive', null), ds(2, 'hive', null)] },
      { nextScrollId: null, total: 3, datasets: [ds(3, 'hive', null)] },
    ];
    const seen: (string | null | undefined)[] = [];
    const hub = {
      scrollDatasets: (request: { scrollId?: string | null }) => {
        seen.push(request.scrollId);
        return Promise.resolve(pages[seen.length - 1]!);
      },
    } as unknown as HubPort;
    expect((await catalogSummary(hub)).datasets).toBe(3);
    expect(seen).toEqual([null, 'a']);
  });
});
