import { describe, expect, it } from 'vitest';
import { declaredLayer, inferLayers, judge } from './layer-inference.js';
import { catalogDataset } from './testing-catalog.js';

describe('layer inference', () => {
  it('takes a declared layer (property, tag, glossary term) over every convention, with its evidence', () => {
    const byProperty = catalogDataset('fct_orders', { properties: { layer: 'Silver' } });
    const byTag = catalogDataset('stg_orders', { tags: [{ urn: 'urn:li:tag:Gold', name: 'Gold' }] });
    const byTerm = catalogDataset('orders', { terms: ['urn:li:glossaryTerm:x'] });
    const layers = inferLayers([byProperty, byTag, byTerm], new Map([['urn:li:glossaryTerm:x', 'Bronze']]));
    expect(layers.get(byProperty.urn)).toMatchObject({
      layer: 'silver',
      confidence: 0.99,
      evidence: [{ signal: 'explicit', detail: 'property layer=Silver' }],
    });
    expect(layers.get(byTag.urn)).toMatchObject({ layer: 'gold', evidence: [{ detail: 'tag Gold' }] });
    expect(layers.get(byTerm.urn)).toMatchObject({
      layer: 'bronze',
      evidence: [{ detail: 'glossary term Bronze' }],
    });
    // A property that names no layer declares nothing.
    expect(declaredLayer(catalogDataset('t', { properties: { layer: 'platinum' } }))).toBeNull();
  });

  it('reads naming and container conventions: raw_, stg_, int_, fct_, dim_, marts and schema names', () => {
    const cases = [
      ['raw_orders', 'bronze'],
      ['stg_orders', 'silver'],
      ['int_orders_joined', 'silver'],
      ['fct_orders', 'gold'],
      ['dim_customer', 'gold'],
      ['agg_daily_sales', 'gold'],
    ] as const;
    const datasets = cases.map(([name]) => catalogDataset(name));
    const layers = inferLayers(datasets);
    cases.forEach(([, layer], i) => expect(layers.get(datasets[i]!.urn)?.layer, cases[i]![0]).toBe(layer));
    const inMart = catalogDataset('orders', {
      qualifiedName: 'dw.marts.orders',
      container: { urn: 'urn:li:container:m', name: 'MARTS', qualifiedName: null },
    });
    const judged = inferLayers([inMart]).get(inMart.urn)!;
    expect(judged.layer).toBe('gold');
    expect(judged.evidence.map((e) => e.detail)).toContain('container word "marts"');
  });

  it('uses platform and lineage position: an operational root is a source, what dashboards read is gold', () => {
    const app = catalogDataset('orders', { platform: 'postgres', qualifiedName: 'shop.public.orders' });
    const landed = catalogDataset('orders', {
      platform: 's3',
      qualifiedName: 'bucket/orders',
      upstreams: [app.urn],
    });
    const model = catalogDataset('orders_clean', { upstreams: [landed.urn] });
    const report = catalogDataset('revenue', {
      upstreams: [model.urn],
      consumers: [{ urn: 'urn:li:dashboard:(looker,1)', type: 'DASHBOARD', name: 'Revenue' }],
    });
    const layers = inferLayers([app, landed, model, report]);
    expect(layers.get(app.urn)).toMatchObject({ layer: 'source' });
    expect(layers.get(app.urn)!.evidence.map((e) => e.signal)).toEqual(['platform', 'lineage']);
    expect(layers.get(landed.urn)?.layer).toBe('bronze');
    expect(layers.get(model.urn)?.layer).toBe('silver');
    expect(layers.get(report.urn)?.layer).toBe('gold');
    // More agreeing evidence, more confidence.
    expect(layers.get(app.urn)!.confidence).toBeGreaterThan(layers.get(model.urn)!.confidence);
  });

  it('says unknown when nothing speaks for a layer, and weighs conflicting evidence', () => {
    const lone = catalogDataset('things');
    expect(inferLayers([lone]).get(lone.urn)).toMatchObject({ layer: null, confidence: 0 });
    const split = judge('u', [
      { signal: 'name', layer: 'gold', weight: 2, detail: 'name word "fct"' },
      { signal: 'container', layer: 'silver', weight: 2.5, detail: 'container word "staging"' },
    ]);
    expect(split.layer).toBe('silver');
    expect(split.confidence).toBeLessThan(0.5);
    expect(split.evidence[0]!.weight).toBe(2.5);
  });
});
