import type { LayerJudgement } from '@dataspoke/domain/dg/overview/layer-inference';
import type { OverviewService } from '@dataspoke/domain/dg/overview/overview-service';
import { featureCall } from '../errors.js';
import type { MedallionLayer, Resolvers } from './generated/resolvers.js';

/** What the dg subgraph's overview fields need: the overview feature, made by the composition root. */
export interface DgOverviewServices {
  overview?: OverviewService | null;
}

const upper = (layer: string | null | undefined): MedallionLayer | null =>
  layer ? (layer.toUpperCase() as MedallionLayer) : null;

function unavailable(): never {
  throw new Error('the overview feature is not configured in this process');
}

/** Query.overview, Dataset.layer and the layer fields in GraphQL's enum case. */
export function overviewResolvers(services: DgOverviewServices): Resolvers {
  const service = () => services.overview ?? unavailable();
  return {
    Query: {
      overview: (_parent, args) =>
        featureCall(async () => {
          const o = await service().overview(args.perspective, args.domain ?? null);
          return { ...o, flows: o.flows, layers: o.layers.map(judgementOut) } as never;
        }),
    },
    Dataset: {
      layer: (parent) =>
        featureCall(async () => {
          const j = (await service().layers()).get(parent.urn);
          return j ? (judgementOut(j) as never) : null;
        }),
    },
    OverviewNode: { layer: (node) => upper(node.layer) },
  };
}

function judgementOut(j: LayerJudgement) {
  return {
    datasetUrn: j.urn,
    layer: upper(j.layer),
    confidence: j.confidence,
    evidence: j.evidence.map((e) => ({ ...e, layer: upper(e.layer)! })),
  };
}
