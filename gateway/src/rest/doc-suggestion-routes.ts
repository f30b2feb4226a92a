import type { Group } from '@dataspoke/domain/auth/identity';
import { SUGGESTION_KINDS, SUGGESTION_STATUSES } from '@dataspoke/domain/de/doc-suggestions/types';
import { toRest } from './case.js';
import type {
  AcceptDocSuggestionRestMutation,
  AcceptDocSuggestionsRestMutation,
  DocSuggestionKind,
  DocSuggestionStatus,
  DocSuggestionsQuery,
  RefreshDocSuggestionsRestMutation,
  RejectDocSuggestionRestMutation,
} from './generated/operations.js';
import {
  RestInputError,
  bodyOf,
  datasetUrn,
  list,
  onlyKnownParameters,
  paging,
  sort,
  type Query,
} from './params.js';
import type { RestRoute } from './routes.js';

/**
 * The documentation suggestions on the REST facade: the list and the review actions for the de and dg groups
 * (reviewing is both groups' work), proposing again for de.
 */

const STATUSES = SUGGESTION_STATUSES;
const KINDS = SUGGESTION_KINDS;

function enumList<T extends string>(query: Query, name: string, allowed: readonly string[]): T[] | undefined {
  const values = list(query, name)?.map((v) => v.toLowerCase());
  if (values === undefined) return undefined;
  const unknown = values.filter((v) => !allowed.includes(v));
  if (unknown.length > 0)
    throw new RestInputError(
      `INVALID_${name.toUpperCase()}`,
      `${name} must be among ${allowed.join(', ')}, got ${unknown.map((v) => JSON.stringify(v)).join(', ')}`,
    );
  return [...new Set(values)].map((v) => v.toUpperCase() as T);
}

function suggestionId(raw: string | undefined): string {
  if (!raw || raw.length > 64 || !/^[A-Za-z0-9-]+$/.test(raw))
    throw new RestInputError('INVALID_ID', `not a suggestion id: ${JSON.stringify(raw)}`);
  return raw;
}

function stringArray(value: unknown, name: string, max: number): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string') || value.length > max)
    throw new RestInputError('INVALID_BODY', `${name} must be an array of at most ${max} strings`);
  return value as string[];
}

const base = (group: Group) => `/api/v1/spoke/${group}/doc-suggestions`;

function reviewRoutes(group: Group): RestRoute<unknown>[] {
  const listRoute: RestRoute<DocSuggestionsQuery> = {
    method: 'GET',
    path: base(group),
    group,
    operation: 'DocSuggestions',
    variables: (request) => {
      const q = request.query;
      onlyKnownParameters(q, ['dataset', 'status', 'kind', 'offset', 'limit', 'sort']);
      sort(q, ['confidence_desc']);
      const status = enumList<DocSuggestionStatus>(q, 'status', STATUSES);
      const kind = enumList<DocSuggestionKind>(q, 'kind', KINDS);
      const dataset = q.dataset === undefined ? undefined : datasetUrn(String(q.dataset));
      return {
        ...(dataset && { urn: dataset }),
        ...(status && { status }),
        ...(kind && { kind }),
        ...paging(q),
      };
    },
    respond: (data) => ({
      suggestions: toRest(data.docSuggestions.suggestions),
      offset: data.docSuggestions.offset,
      limit: data.docSuggestions.limit,
      total_count: data.docSuggestions.totalCount,
    }),
  };
  const accept: RestRoute<AcceptDocSuggestionRestMutation> = {
    method: 'POST',
    path: `${base(group)}/:id/methods/accept`,
    group,
    operation: 'AcceptDocSuggestionRest',
    variables: (request) => {
      onlyKnownParameters(request.query, []);
      const id = suggestionId(request.params.id);
      const { editedText } = bodyOf(request, ['edited_text'], '{"edited_text": "…"}');
      if (editedText !== undefined && typeof editedText !== 'string')
        throw new RestInputError('INVALID_BODY', 'edited_text must be a string');
      return { id, ...(editedText !== undefined && { editedText }) };
    },
    respond: (data) => toRest(data.acceptDocSuggestion),
  };
  const reject: RestRoute<RejectDocSuggestionRestMutation> = {
    method: 'POST',
    path: `${base(group)}/:id/methods/reject`,
    group,
    operation: 'RejectDocSuggestionRest',
    variables: (request) => {
      onlyKnownParameters(request.query, []);
      bodyOf(request, [], '{}');
      return { id: suggestionId(request.params.id) };
    },
    respond: (data) => toRest(data.rejectDocSuggestion),
  };
  const acceptMany: RestRoute<AcceptDocSuggestionsRestMutation> = {
    method: 'POST',
    path: `${base(group)}/methods/accept`,
    group,
    operation: 'AcceptDocSuggestionsRest',
    variables: (request) => {
      onlyKnownParameters(request.query, []);
      const ids = stringArray(bodyOf(request, ['ids'], '{"ids": ["…"]}').ids, 'ids', 100);
      if (!ids || ids.length === 0)
        throw new RestInputError('INVALID_BODY', 'ids must list at least one suggestion');
      return { ids: ids.map(suggestionId) };
    },
    respond: (data) => ({ suggestions: toRest(data.acceptDocSuggestions) }),
  };
  return [listRoute, accept, reject, acceptMany] as RestRoute<unknown>[];
}

const refresh: RestRoute<RefreshDocSuggestionsRestMutation> = {
  method: 'POST',
  path: `${base('de')}/methods/refresh`,
  group: 'de',
  operation: 'RefreshDocSuggestionsRest',
  variables: (request) => {
    onlyKnownParameters(request.query, []);
    const urns = stringArray(bodyOf(request, ['urns'], '{"urns": ["urn:li:dataset:…"]}').urns, 'urns', 1000);
    return urns ? { urns: urns.map(datasetUrn) } : {};
  },
  respond: (data) => toRest(data.refreshDocSuggestions),
};

export const DOC_SUGGESTION_ROUTES: readonly RestRoute<unknown>[] = [
  ...reviewRoutes('de'),
  ...reviewRoutes('dg'),
  refresh,
];
