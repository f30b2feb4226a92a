/**
 * The BI layer of a replica: the dashboards of tables.ts and their charts on gold marts, with owners from
 * the domain's analysts. A chart whose marts fall outside the catalog is left out, and a dashboard with no
 * chart left is too.
 */
import { Rng } from '@dataspoke/domain/shared/prng';
import { DASHBOARDS } from './tables.js';
import { DATASET_TEMPLATES, templateIndex, type DatasetTemplate } from './templates.js';
import { EMAIL_DOMAIN, domainById, domainUrn, tagUrn, userUrn } from './vocabulary.js';
import { mcp, ownersAspect, stamp, type Emit } from './aspects.js';
import { DAY, type Context } from './context.js';
import { datasetRef, region } from './regions.js';

export function* biProposals(ctx: Context, replica: number, size: number): Generator<Emit> {
  const rg = region(ctx.seed, replica);
  const now = ctx.now;
  const goldUrn = (name: string): string | undefined => {
    const i = templateIndex('gold', name);
    return i < size ? datasetRef(DATASET_TEMPLATES[i] as DatasetTemplate, rg).urn : undefined;
  };
  for (const d of DASHBOARDS) {
    const rng = Rng.of(ctx.seed, `dashboard:${rg.code}:${d.id}`);
    const domain = domainById(d.domain);
    const owner = userUrn(rng.pick(domain.analysts));
    const created = ctx.anchor - rng.int(200, 700) * DAY;
    const modified = ctx.anchor - rng.int(3, 90) * DAY;
    const lastModified = { created: stamp(created, owner), lastModified: stamp(modified, owner) };
    const chartUrns: string[] = [];
    const datasets = new Set<string>();
    for (const c of d.charts) {
      const inputs = c.inputs.map(goldUrn).filter((u): u is string => u !== undefined);
      if (inputs.length !== c.inputs.length) continue;
      const urn = `urn:li:chart:(${d.platform},acme_${rg.code}.${d.id}.${c.id})`;
      chartUrns.push(urn);
      inputs.forEach((u) => datasets.add(u));
      const info: Record<string, unknown> = {
        title: c.title,
        description: rng.chance(0.6) ? `${c.title} (${rg.name}).` : '',
        type: c.type,
        chartUrl: `https://bi.${EMAIL_DOMAIN}/${d.platform}/${rg.code}/${d.id}/${c.id}`,
        lastModified,
        inputEdges: inputs.map((u) => ({ destinationUrn: u, created: stamp(created, owner) })),
        customProperties: { region: rg.code },
      };
      yield mcp('chart', urn, 'chartInfo', info, now);
      yield mcp('chart', urn, 'dataPlatformInstance', { platform: `urn:li:dataPlatform:${d.platform}` }, now);
      yield mcp('chart', urn, 'ownership', ownersAspect([[owner, 'TECHNICAL_OWNER']], created), now);
      yield mcp('chart', urn, 'domains', { domains: [domainUrn(domain.id)] }, now);
      yield mcp('chart', urn, 'status', { removed: false }, now);
    }
    if (chartUrns.length === 0) continue;
    const urn = `urn:li:dashboard:(${d.platform},acme_${rg.code}.${d.id})`;
    yield mcp(
      'dashboard',
      urn,
      'dashboardInfo',
      {
        title: `${d.title}${replica === 0 ? '' : ` (${rg.code.toUpperCase()})`}`,
        description: d.description,
        dashboardUrl: `https://bi.${EMAIL_DOMAIN}/${d.platform}/${rg.code}/${d.id}`,
        charts: chartUrns,
        chartEdges: chartUrns.map((u) => ({ destinationUrn: u, created: stamp(created, owner) })),
        datasetEdges: [...datasets].map((u) => ({ destinationUrn: u, created: stamp(created, owner) })),
        lastModified,
        customProperties: { region: rg.code },
      },
      now,
    );
    yield mcp(
      'dashboard',
      urn,
      'dataPlatformInstance',
      { platform: `urn:li:dataPlatform:${d.platform}` },
      now,
    );
    yield mcp(
      'dashboard',
      urn,
      'ownership',
      ownersAspect(
        [
          [owner, 'TECHNICAL_OWNER'],
          [userUrn(domain.lead), 'BUSINESS_OWNER'],
        ],
        created,
      ),
      now,
    );
    yield mcp('dashboard', urn, 'domains', { domains: [domainUrn(domain.id)] }, now);
    if (d.deprecated) {
      yield mcp('dashboard', urn, 'globalTags', { tags: [{ tag: tagUrn('Deprecated') }] }, now);
      yield mcp(
        'dashboard',
        urn,
        'deprecation',
        { deprecated: true, note: d.description, actor: userUrn(domain.lead) },
        now,
      );
    }
    yield mcp('dashboard', urn, 'status', { removed: false }, now);
  }
}
