/**
 * The pipelines of a replica: one Airflow flow per source system landing bronze, one dbt flow per silver
 * and gold layer, and a job per dataset they build, with its input and output datasets (job lineage).
 */
import { DATASET_TEMPLATES, type DatasetTemplate } from './templates.js';
import { COMPANY, groupUrn } from './vocabulary.js';
import { mcp, ownersAspect, stamp, type Emit } from './aspects.js';
import { DAY, type Context, type Instance } from './context.js';
import { datasetRef, region } from './regions.js';

export function* jobProposals(ctx: Context, replica: number, size: number): Generator<Emit> {
  const rg = region(ctx.seed, replica);
  const now = ctx.now;
  const created = ctx.anchor - 400 * DAY;
  const flows = new Map<
    string,
    {
      urn: string;
      jobs: { name: string; inst: Instance }[];
      platform: string;
      team: string;
      description: string;
      schedule: string;
    }
  >();
  for (let i = 0; i < size; i++) {
    const t = DATASET_TEMPLATES[i];
    if (!t || t.layer === 'source') continue;
    const inst = ctx.instance(replica, i);
    let flowId: string;
    let platform: string;
    let team: string;
    let description: string;
    let schedule: string;
    if (t.layer === 'bronze') {
      flowId = `acme_${rg.code}_ingest_${t.system ?? 'misc'}`;
      platform = 'airflow';
      team = 'data-platform';
      description = `Lands ${t.system ?? ''} tables of ${rg.name} in the lake (bronze).`;
      schedule = t.cadence === 'hourly' ? '@hourly' : '0 1 * * *';
    } else {
      flowId = `acme_${rg.code}_${t.layer}`;
      platform = 'dbt';
      team = 'analytics-engineering';
      description = `dbt ${t.layer} models of ${rg.name}.`;
      schedule = t.layer === 'silver' ? '0 3 * * *' : '0 5 * * *';
    }
    let flow = flows.get(flowId);
    if (!flow) {
      flow = {
        urn: `urn:li:dataFlow:(${platform},${flowId},PROD)`,
        jobs: [],
        platform,
        team,
        description,
        schedule,
      };
      flows.set(flowId, flow);
    }
    flow.jobs.push({ name: t.layer === 'bronze' ? `load_${t.name}` : `model.acme.${t.name}`, inst });
  }
  for (const [flowId, flow] of flows) {
    yield mcp(
      'dataFlow',
      flow.urn,
      'dataFlowInfo',
      {
        name: flowId,
        description: flow.description,
        project: COMPANY,
        customProperties: { schedule: flow.schedule, region: rg.code },
      },
      now,
    );
    yield mcp(
      'dataFlow',
      flow.urn,
      'ownership',
      ownersAspect([[groupUrn(flow.team), 'TECHNICAL_OWNER']], created),
      now,
    );
    yield mcp('dataFlow', flow.urn, 'status', { removed: false }, now);
    for (const job of flow.jobs) {
      const urn = `urn:li:dataJob:(${flow.urn},${job.name})`;
      const t = job.inst.t;
      const inputs = t.upstreams.map((i) => datasetRef(DATASET_TEMPLATES[i] as DatasetTemplate, rg).urn);
      const outputs = [job.inst.ref.urn];
      yield mcp(
        'dataJob',
        urn,
        'dataJobInfo',
        {
          name: job.name,
          type: 'COMMAND',
          flowUrn: flow.urn,
          description: `Builds ${t.layer} ${t.name}.`,
          customProperties: { cadence: t.cadence },
        },
        now,
      );
      yield mcp(
        'dataJob',
        urn,
        'dataJobInputOutput',
        {
          inputDatasets: inputs,
          outputDatasets: outputs,
          inputDatasetEdges: inputs.map((u) => ({ destinationUrn: u, created: stamp(created) })),
          outputDatasetEdges: outputs.map((u) => ({ destinationUrn: u, created: stamp(created) })),
        },
        now,
      );
      yield mcp(
        'dataJob',
        urn,
        'ownership',
        ownersAspect([[groupUrn(flow.team), 'TECHNICAL_OWNER']], created),
        now,
      );
      yield mcp('dataJob', urn, 'status', { removed: false }, now);
    }
  }
}
