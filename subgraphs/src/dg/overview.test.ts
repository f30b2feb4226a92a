import { graphql, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@dataspoke/domain/auth/identity';
import { OverviewService } from '@dataspoke/domain/dg/overview/overview-service';
import { declaredLayersOf } from '@dataspoke/domain/dg/overview/testing-catalog';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { buildSubgraphSchemas, createSubgraphContext } from '../index.js';
import { openDemoHub, type DemoHub } from '../testing/demo-hub.js';

const STEWARD: Identity = { subject: 'sam', groups: ['dg'], via: 'jwt' };

const MEDALLION = `query ($domain: String) {
  overview(perspective: MEDALLION, domain: $domain) {
    perspective domain { urn name } datasets truncated
    nodes { id kind label urn layer confidence size }
    edges { source target kind weight }
    groups { id kind label members }
    layers { datasetUrn layer confidence evidence { signal layer weight detail } }
    flows { nodes { layer count } links { from to count direction } }
    smells { kind datasetUrn related detail domain }
  }
}`;

describe('dg Query.overview over the demo catalog (embedded hub on PGlite)', () => {
  let demo: DemoHub;
  let service: OverviewService;
  let schema: ReturnType<typeof buildSubgraphSchemas>['dg'];
  let reads = 0;
  let known: ReturnType<typeof declaredLayersOf>;
  const run = (
    source: string,
    variableValues?: Record<string, unknown>,
    identity: Identity | null = STEWARD,
  ) =>
    graphql({
      schema,
      source,
      variableValues,
      contextValue: createSubgraphContext(demo.port, identity),
    }) as Promise<ExecutionResult<Record<string, unknown>>>;

  beforeAll(async () => {
    demo = await openDemoHub(storeKinds()[0]!, { datasets: 160, historyDays: 7 });
    known = declaredLayersOf(demo.catalog.proposals());
    service = new OverviewService({ hub: demo.port, onProgress: (step) => step === 'datasets' && reads++ });
    schema = buildSubgraphSchemas({ overview: service }).dg;
  });
  afterAll(async () => {
    await demo?.dispose();
  });

  it('answers the medallion view: every dataset with its layer and evidence, flows and smells', async () => {
    const result = await run(MEDALLION);
    expect(result.errors).toBeUndefined();
    const o = result.data!.overview as {
      datasets: number;
      truncated: number;
      nodes: { kind: string; layer: string | null }[];
      layers: { datasetUrn: string; layer: string; confidence: number; evidence: { signal: string }[] }[];
      flows: {
        nodes: { layer: string; count: number }[];
        links: { from: string; to: string; direction: string }[];
      };
      smells: { kind: string }[];
    };
    expect(o.datasets).toBe(160);
    expect(o.truncated).toBe(0);
    expect(o.layers).toHaveLength(160);
    // The demo declares every dataset's layer: the explicit evidence decides.
    for (const j of o.layers) {
      const declared = known.get(j.datasetUrn)?.layer;
      expect(j.layer, j.datasetUrn).toBe(declared?.toUpperCase());
      expect(j.evidence[0]!.signal).toBe('explicit');
    }
    expect(o.nodes.filter((n) => n.kind === 'LAYER').map((n) => n).length).toBeGreaterThanOrEqual(4);
    expect(o.flows.links).toContainEqual(
      expect.objectContaining({ from: 'silver', to: 'gold', direction: 'FORWARD' }),
    );
    expect(o.flows.nodes.find((n) => n.layer === 'consumption')?.count).toBeGreaterThan(0);
  });

  it('answers the taxonomy: glossary, domains, the datasets on them and suggested topics', async () => {
    const result = await run(`{ overview(perspective: TAXONOMY) {
      nodes { id kind label size } edges { source target kind } groups { id kind label members suggested words }
      layers { datasetUrn } flows { nodes { layer } } smells { kind } } }`);
    expect(result.errors).toBeUndefined();
    const o = result.data!.overview as {
      nodes: { id: string; kind: string; size: number }[];
      edges: { source: string; target: string; kind: string }[];
      groups: { kind: string; suggested: boolean; words: string[] }[];
      layers: unknown[];
      flows: unknown;
    };
    const kinds = new Set(o.nodes.map((n) => n.kind));
    for (const kind of ['GLOSSARY_NODE', 'GLOSSARY_TERM', 'DOMAIN', 'DATASET']) expect(kinds).toContain(kind);
    const edgeKinds = new Set(o.edges.map((e) => e.kind));
    for (const kind of ['CHILD_OF', 'IN_DOMAIN', 'HAS_TERM']) expect(edgeKinds).toContain(kind);
    // Every edge joins two drawn nodes.
    const ids = new Set(o.nodes.map((n) => n.id));
    expect(o.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
    expect(o.groups.some((g) => g.kind === 'DOMAIN' && !g.suggested)).toBe(true);
    for (const topic of o.groups.filter((g) => g.kind === 'TOPIC')) {
      expect(topic.suggested).toBe(true);
      expect(topic.words.length).toBeGreaterThan(0);
    }
    expect(o.layers).toEqual([]);
    expect(o.flows).toBeNull();
  });

  it('zooms to a domain, and refuses an unknown domain or perspective with a code', async () => {
    const domain = [...known.values()].find((d) => d.domain)!.domain!;
    const zoomed = await run(MEDALLION, { domain });
    expect(zoomed.errors).toBeUndefined();
    const o = zoomed.data!.overview as { domain: { urn: string; name: string }; datasets: number };
    expect(o.domain.urn).toBe(domain);
    expect(o.domain.name).not.toBe('');
    expect(o.datasets).toBe([...known.values()].filter((d) => d.domain === domain).length);
    const unknown = await run(MEDALLION, { domain: 'urn:li:domain:nope' });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_DOMAIN' });
    expect(unknown.errors?.[0]?.message).toContain('urn:li:domain:nope');
    const badPerspective = await run('{ overview(perspective: SIDEWAYS) { datasets } }');
    expect(badPerspective.errors?.[0]?.message).toMatch(/SIDEWAYS/);
    await expect(service.overview('sideways')).rejects.toMatchObject({ code: 'UNKNOWN_PERSPECTIVE' });
  });

  it('serves Dataset.layer, needs the dg group, and reads the catalog again only after a change', async () => {
    const urn = [...known.keys()][0]!;
    const entity = await run(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Dataset { layer { layer evidence { detail } } } } }`,
      { r: [{ __typename: 'Dataset', urn }] },
    );
    expect(entity.errors).toBeUndefined();
    expect((entity.data!._entities as { layer: { layer: string } }[])[0]!.layer.layer).toBe(
      known.get(urn)!.layer!.toUpperCase(),
    );
    const analyst: Identity = { subject: 'ana', groups: ['da'], via: 'api_key' };
    expect(
      (await run('{ overview(perspective: TAXONOMY) { datasets } }', {}, analyst)).errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    const before = reads;
    await run('{ overview(perspective: TAXONOMY) { datasets } }');
    expect(reads).toBe(before);
    service.invalidate();
    await run('{ overview(perspective: TAXONOMY) { datasets } }');
    expect(reads).toBeGreaterThan(before);
    // Without change events (another process's writes), what is kept still ages out.
    let clock = 0;
    let aged = 0;
    const ageing = new OverviewService({
      hub: demo.port,
      now: () => clock,
      maxAgeMs: 1000,
      onProgress: (step) => step === 'datasets' && aged++,
    });
    await ageing.overview('MEDALLION');
    const once = aged;
    clock = 1000;
    await ageing.overview('MEDALLION');
    expect(aged).toBe(once);
    clock = 1001;
    expect((await ageing.overview('MEDALLION')).readAt).toBe(1001);
    expect(aged).toBeGreaterThan(once);
  });
});
