import { PatchError } from './json-patch.js';
import {
  asText,
  isTreeObject,
  javaFloat,
  javaHashMapOrder,
  type Tree,
  type TreeObject,
} from './json-tree.js';

/**
 * GMS's `FineGrainedLineageTemplateHelper`, used by `UpstreamLineageTemplate` and `DataJobInputOutputTemplate`.
 * Fine-grained lineages have no key field, so GMS keys them by hand:
 * `/fineGrainedLineages/<transformOperation>/<downstream>/<query>/<upstream>` holds
 * `{confidenceScore, upstreamType, downstreamType}` for one upstream of the lineage with that single downstream.
 * DataHub's SDK writes `add_fine_grained_lineage` this way, with "NONE" for an absent operation or query.
 */

const NONE = 'NONE';
const DEFAULT_CONFIDENCE = 1;

/** `combineAndTransformFineGrainedLineages`: the array as that four-level map ({} for anything not an array). */
export function fineGrainedLineagesToMap(lineages: Tree | undefined): TreeObject {
  const map: TreeObject = new Map();
  if (!Array.isArray(lineages)) return map;
  for (const lineage of lineages) {
    const has = (field: string) => (isTreeObject(lineage) ? lineage.get(field) : undefined);
    const operation = has('transformOperation');
    const transformOperation = operation !== undefined ? asText(operation) : NONE;
    const byOperation = child(map, transformOperation);
    const downstreams = has('downstreams');
    if (downstreams !== undefined && !Array.isArray(downstreams)) {
      throw new PatchError('a fine-grained lineage has downstreams that are not an array');
    }
    if (downstreams?.length !== 1) {
      throw new PatchError(
        'Patching not supported on fine grained lineages with not exactly one downstream. Current fine grained ' +
          'lineage implementation is downstream derived and patches are keyed on the root of this derivation.',
      );
    }
    const score = has('confidenceScore');
    const confidenceScore = score !== undefined ? javaFloat(score) : DEFAULT_CONFIDENCE;
    const upstreams = has('upstreams');
    if (upstreams !== undefined && !Array.isArray(upstreams)) {
      throw new PatchError('a fine-grained lineage has upstreams that are not an array');
    }
    const query = has('query');
    const queryId = query !== undefined ? asText(query) : NONE;
    const declaredUpstreamType = has('upstreamType');
    const upstreamType =
      declaredUpstreamType !== undefined ? asText(declaredUpstreamType) : defaultUpstreamType(upstreams);
    const declaredDownstreamType = has('downstreamType');
    const downstreamType = declaredDownstreamType !== undefined ? asText(declaredDownstreamType) : 'FIELD';
    const byQuery = child(child(byOperation, asText(downstreams[0]!)), queryId);
    if (!upstreams) continue;
    // GMS collects the upstreams into a HashMap, then adds them to the map in that map's order.
    const distinct = [...new Set(upstreams.map(asText))];
    for (const upstream of javaHashMapOrder(distinct)) {
      byQuery.set(
        upstream,
        new Map<string, Tree>([
          ['confidenceScore', confidenceScore],
          ['upstreamType', upstreamType],
          ['downstreamType', downstreamType],
        ]),
      );
    }
  }
  return map;
}

/** With no upstreamType: DATASET when the first upstream is a dataset urn, else FIELD_SET. */
function defaultUpstreamType(upstreams: Tree[] | undefined): string {
  if (!upstreams) return 'FIELD_SET';
  if (upstreams.length === 0) {
    throw new PatchError(
      'a fine-grained lineage has no upstreams and no upstreamType, which GMS cannot patch',
    );
  }
  const urn = asText(upstreams[0]!);
  const entityType = /^urn:[^:]+:([^:]+):./.exec(urn)?.[1];
  if (entityType === undefined) throw new PatchError(`"${urn}" is not an urn`);
  return entityType === 'dataset' ? 'DATASET' : 'FIELD_SET';
}

/**
 * `reconstructFineGrainedLineages`: one lineage per (operation, downstream, query) that has upstreams, with the
 * lowest confidence score of its upstreams (at most 1.0) and the last upstream and downstream types given
 * (FIELD_SET and FIELD when none is). The query is written unless it is NONE; the operation always is.
 * An array (the patch replaced the field whole) stays as it is.
 */
export function fineGrainedLineagesFromMap(map: Tree | undefined): Tree {
  if (Array.isArray(map)) return map;
  const lineages: Tree[] = [];
  for (const [transformOperation, byDownstream] of objectEntries(map, 'fineGrainedLineages')) {
    for (const [downstream, byQuery] of objectEntries(byDownstream, transformOperation)) {
      for (const [queryId, byUpstream] of objectEntries(byQuery, downstream)) {
        const upstreams = objectEntries(byUpstream, queryId);
        if (upstreams.length === 0) continue;
        let confidenceScore = DEFAULT_CONFIDENCE;
        let upstreamType: Tree = 'FIELD_SET';
        let downstreamType: Tree = 'FIELD';
        for (const [upstream, value] of upstreams) {
          if (!isTreeObject(value)) {
            throw new PatchError(`fine-grained upstream ${upstream} is not an object`);
          }
          const score = value.get('confidenceScore');
          if (score !== undefined && javaFloat(score) <= confidenceScore) confidenceScore = javaFloat(score);
          const up = value.get('upstreamType');
          if (up !== undefined) upstreamType = asText(up);
          const down = value.get('downstreamType');
          if (down !== undefined) downstreamType = asText(down);
        }
        const lineage: TreeObject = new Map<string, Tree>([
          ['downstreams', [downstream]],
          ['upstreams', upstreams.map(([upstream]) => upstream)],
        ]);
        if (queryId.trim() !== '' && queryId !== NONE) lineage.set('query', queryId);
        lineage.set('upstreamType', upstreamType);
        lineage.set('downstreamType', downstreamType);
        lineage.set('confidenceScore', confidenceScore);
        lineage.set('transformOperation', transformOperation);
        lineages.push(lineage);
      }
    }
  }
  return lineages;
}

function child(map: TreeObject, key: string): TreeObject {
  let next = map.get(key);
  if (!isTreeObject(next)) {
    next = new Map();
    map.set(key, next);
  }
  return next;
}

/** The members of a level of the map, which must be an object (GMS casts it to `ObjectNode`). */
function objectEntries(node: Tree | undefined, under: string): [string, Tree][] {
  if (!isTreeObject(node)) {
    throw new PatchError(`fineGrainedLineages: what is under ${under} is not an object`);
  }
  return [...node];
}
