import { describe, expect, it } from 'vitest';
import { inferLayers } from './layer-inference.js';
import { layerFlows } from './layer-flows.js';
import { layerSmells } from './layer-smells.js';
import { lineageCycles } from './lineage-cycles.js';
import { catalogDataset } from './testing-catalog.js';

const declared = (layer: string) => ({ properties: { layer } });

describe('layer smells, cycles and flows', () => {
  const source = catalogDataset('app_orders', { ...declared('source'), domain: 'urn:li:domain:sales' });
  const bronze = catalogDataset('raw_orders', { ...declared('bronze'), upstreams: [source.urn] });
  const silver = catalogDataset('stg_orders', { ...declared('silver'), upstreams: [bronze.urn] });
  const orphan = catalogDataset('stg_unused', { ...declared('silver'), upstreams: [bronze.urn] });
  const gold = catalogDataset('fct_orders', {
    ...declared('gold'),
    upstreams: [silver.urn, bronze.urn, source.urn],
    domain: 'urn:li:domain:sales',
  });
  const chart = { urn: 'urn:li:chart:(looker,1)', type: 'CHART' as const, name: 'Orders' };
  const onSilver = catalogDataset('stg_payments', {
    ...declared('silver'),
    upstreams: [bronze.urn],
    consumers: [chart],
  });
  const all = [source, bronze, silver, orphan, gold, onSilver];

  it('finds gold reading bronze or sources, dashboards on non-gold tables and orphaned silver', () => {
    const smells = layerSmells(all, inferLayers(all));
    const kinds = smells.map((s) => `${s.kind} ${s.datasetUrn === gold.urn ? 'gold' : s.datasetUrn}`);
    expect(kinds).toContain('GOLD_READS_BRONZE gold');
    expect(kinds).toContain('GOLD_READS_SOURCE gold');
    expect(smells.find((s) => s.kind === 'GOLD_READS_SOURCE')).toMatchObject({
      related: [source.urn],
      domain: 'urn:li:domain:sales',
    });
    expect(smells.find((s) => s.kind === 'DASHBOARD_ON_NON_GOLD')).toMatchObject({
      datasetUrn: onSilver.urn,
      related: [chart.urn],
    });
    expect(smells.filter((s) => s.kind === 'ORPHANED_SILVER').map((s) => s.datasetUrn)).toEqual([orphan.urn]);
    expect(smells.some((s) => s.kind === 'LINEAGE_CYCLE')).toBe(false);
  });

  it('finds lineage cycles, a self-read included, once each', () => {
    const a = catalogDataset('a');
    const b = catalogDataset('b', { upstreams: [a.urn] });
    const c = catalogDataset('c', { upstreams: [b.urn] });
    a.upstreams = [c.urn];
    const self = catalogDataset('self');
    self.upstreams = [self.urn];
    const tail = catalogDataset('tail', { upstreams: [c.urn] });
    expect(lineageCycles([a, b, c, self, tail])).toEqual(
      [[a.urn, b.urn, c.urn].sort(), [self.urn]].sort((x, y) => x[0]!.localeCompare(y[0]!)),
    );
    const smells = layerSmells([a, b, c, self, tail], inferLayers([a, b, c, self, tail]));
    expect(smells.filter((s) => s.kind === 'LINEAGE_CYCLE')).toHaveLength(2);
  });

  it('counts flows between layers, with the consumption of charts and dashboards and the direction of each', () => {
    const flows = layerFlows(all, inferLayers(all));
    expect(flows.nodes).toEqual([
      { layer: 'source', count: 1 },
      { layer: 'bronze', count: 1 },
      { layer: 'silver', count: 3 },
      { layer: 'gold', count: 1 },
      { layer: 'consumption', count: 1 },
    ]);
    expect(flows.links).toEqual([
      { from: 'source', to: 'bronze', count: 1, direction: 'FORWARD' },
      { from: 'source', to: 'gold', count: 1, direction: 'FORWARD' },
      { from: 'bronze', to: 'silver', count: 3, direction: 'FORWARD' },
      { from: 'bronze', to: 'gold', count: 1, direction: 'FORWARD' },
      { from: 'silver', to: 'gold', count: 1, direction: 'FORWARD' },
      { from: 'silver', to: 'consumption', count: 1, direction: 'FORWARD' },
    ]);
    const back = catalogDataset('stg_back', { ...declared('silver'), upstreams: [gold.urn] });
    const withBack = layerFlows([...all, back], inferLayers([...all, back]));
    expect(withBack.links).toContainEqual({ from: 'gold', to: 'silver', count: 1, direction: 'BACKWARD' });
  });
});
