import type { HubChangeProposal, HubStoredAspect } from '../../ports/hub-aspects.js';
import { parseSchemaFieldUrn } from './catalog-view.js';
import type { Suggestion, SuggestionValue } from './types.js';

/**
 * An accepted suggestion as MetadataChangeProposals: PATCH to the editable aspects (editableSchemaMetadata,
 * editableDatasetProperties, glossaryTerms, domains, upstreamLineage), so nothing else in them is touched, and
 * only while the target field still holds what it held when the suggestion was made. A person's edit since
 * then makes the suggestion stale instead of being overwritten.
 */

/** The aspects a write-back must read first to check the target field. */
export const WRITE_BACK_ASPECTS = [
  'editableSchemaMetadata',
  'editableDatasetProperties',
  'datasetProperties',
  'glossaryTerms',
  'domains',
  'upstreamLineage',
  'schemaMetadata',
] as const;

/** JSON Pointer escaping of one path token (RFC 6901). */
const token = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

type Aspects = ReadonlyMap<string, HubStoredAspect>;

function editableField(aspects: Aspects, fieldPath: string): Record<string, unknown> | undefined {
  const infos = (aspects.get('editableSchemaMetadata')?.value.editableSchemaFieldInfo ?? []) as Record<
    string,
    unknown
  >[];
  return infos.find((f) => f.fieldPath === fieldPath);
}

const termsOf = (v: unknown): string[] =>
  (((v as { terms?: { urn?: string }[] } | undefined)?.terms ?? []) as { urn?: string }[])
    .map((t) => t.urn)
    .filter((u): u is string => typeof u === 'string');

/**
 * The write happens only if the aspect is still the version that was read and checked (DataHub's If-Version-Match;
 * -1: it must still not exist), so an edit landing between the check and the write is never overwritten. A hub
 * that reports no versions gets an unconditional write.
 */
function onlyIfUnchanged(aspects: Aspects, aspectName: string): { headers?: Record<string, string> } {
  const read = aspects.get(aspectName);
  if (!read) return { headers: { [IF_VERSION_MATCH]: '-1' } };
  return read.version === null ? {} : { headers: { [IF_VERSION_MATCH]: read.version } };
}

export const IF_VERSION_MATCH = 'If-Version-Match';

export type WritePlan = { proposals: HubChangeProposal[]; written: SuggestionValue } | { stale: string };

/** The write for an accepted suggestion (with the reviewer's text when edited), or why it is stale. */
export function planWrite(
  s: Suggestion,
  aspects: Aspects,
  editedText: string | null,
  now: number,
  actor: string,
): WritePlan {
  const urn = s.datasetUrn;
  const patch = (aspectName: string, ops: unknown[]): HubChangeProposal => ({
    entityType: 'dataset',
    entityUrn: urn,
    changeType: 'PATCH',
    aspectName,
    aspect: ops,
    ...onlyIfUnchanged(aspects, aspectName),
  });
  const v = s.value;
  switch (v.kind) {
    case 'column_description': {
      const current = (editableField(aspects, s.fieldPath!)?.description as string | undefined) ?? null;
      if (current !== s.baseline)
        return {
          stale: `the column's description in DataHub changed since the proposal (now: ${JSON.stringify(current)})`,
        };
      const text = editedText ?? v.text;
      return {
        proposals: [
          patch('editableSchemaMetadata', [
            { op: 'add', path: `/editableSchemaFieldInfo/${token(s.fieldPath!)}/description`, value: text },
          ]),
        ],
        written: { kind: v.kind, text },
      };
    }
    case 'table_description':
    case 'similar_tables': {
      const current =
        (aspects.get('editableDatasetProperties')?.value.description as string | undefined) ?? null;
      if (current !== s.baseline)
        return { stale: `the dataset's description in DataHub changed since the proposal` };
      const addition = editedText ?? v.text;
      const base =
        current ?? (aspects.get('datasetProperties')?.value.description as string | undefined) ?? null;
      const text = v.kind === 'similar_tables' && base ? `${base.trimEnd()}\n\n${addition}` : addition;
      return {
        proposals: [patch('editableDatasetProperties', [{ op: 'add', path: '/description', value: text }])],
        written: { kind: v.kind, text: addition },
      };
    }
    case 'glossary_term': {
      if (s.fieldPath) {
        const editable = editableField(aspects, s.fieldPath);
        const schemaFields = (aspects.get('schemaMetadata')?.value.fields ?? []) as Record<string, unknown>[];
        const ingested = schemaFields.find((f) => f.fieldPath === s.fieldPath)?.glossaryTerms;
        if ([...termsOf(editable?.glossaryTerms), ...termsOf(ingested)].includes(v.termUrn))
          return { stale: `the column already has the term ${v.termName}` };
        return {
          proposals: [
            patch('editableSchemaMetadata', [
              {
                op: 'add',
                path: `/editableSchemaFieldInfo/${token(s.fieldPath)}/glossaryTerms/terms/${token(v.termUrn)}`,
                value: { urn: v.termUrn },
              },
            ]),
          ],
          written: v,
        };
      }
      if (termsOf(aspects.get('glossaryTerms')?.value).includes(v.termUrn))
        return { stale: `the dataset already has the term ${v.termName}` };
      return {
        proposals: [
          patch('glossaryTerms', [
            { op: 'add', path: `/terms/${token(v.termUrn)}`, value: { urn: v.termUrn } },
          ]),
        ],
        written: v,
      };
    }
    case 'domain': {
      const current = (aspects.get('domains')?.value.domains ?? []) as string[];
      if (current.length > 0)
        return { stale: `the dataset got a domain since the proposal (${current.join(', ')})` };
      return {
        proposals: [
          patch('domains', [{ op: 'add', path: `/domains/${token(v.domainUrn)}`, value: v.domainUrn }]),
        ],
        written: v,
      };
    }
    case 'column_lineage': {
      const lineage = aspects.get('upstreamLineage')?.value as
        | { upstreams?: { dataset?: string }[]; fineGrainedLineages?: { downstreams?: string[] }[] }
        | undefined;
      if ((lineage?.fineGrainedLineages ?? []).some((l) => l.downstreams?.includes(v.downstream)))
        return { stale: 'DataHub has column lineage for this column since the proposal' };
      const known = new Set((lineage?.upstreams ?? []).map((u) => u.dataset));
      const ops: unknown[] = [];
      for (const up of v.upstreams) {
        const dataset = parseSchemaFieldUrn(up)?.urn;
        if (dataset && !known.has(dataset)) {
          known.add(dataset);
          ops.push({
            op: 'add',
            path: `/upstreams/${token(dataset)}`,
            value: { dataset, type: 'TRANSFORMED', auditStamp: { time: now, actor } },
          });
        }
        ops.push({
          op: 'add',
          path: `/fineGrainedLineages/${token(v.transformOperation)}/${token(v.downstream)}/NONE/${token(up)}`,
          value: { confidenceScore: s.confidence, upstreamType: 'FIELD_SET', downstreamType: 'FIELD' },
        });
      }
      return { proposals: [patch('upstreamLineage', ops)], written: v };
    }
    case 'new_glossary_term': {
      if (aspects.has('glossaryTermInfo')) return { stale: `the term ${v.name} exists already` };
      const definition = editedText ?? v.definition;
      return {
        proposals: [
          {
            entityType: 'glossaryTerm',
            entityUrn: v.termUrn,
            changeType: 'UPSERT',
            aspectName: 'glossaryTermInfo',
            ...onlyIfUnchanged(aspects, 'glossaryTermInfo'),
            aspect: {
              name: v.name,
              definition,
              termSource: 'INTERNAL',
              customProperties: { proposedBy: 'dataspoke' },
            },
          },
        ],
        written: { ...v, definition },
      };
    }
  }
}
