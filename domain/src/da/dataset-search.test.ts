import { describe, expect, it } from 'vitest';
import type { HubPort, HubSearchRequest } from '../ports/hub-port.js';
import { searchDatasets } from './dataset-search.js';
import { InvalidInputError } from '../shared/errors.js';

function recordingHub(): { hub: HubPort; requests: HubSearchRequest[] } {
  const requests: HubSearchRequest[] = [];
  const hub = {
    search: (request: HubSearchRequest) => {
      requests.push(request);
      return Promise.resolve({
        start: request.start,
        count: 1,
        total: 42,
        hits: [
          { entity: { __typename: 'Dataset', urn: 'urn:li:dataset:x', type: 'DATASET' }, matchedFields: [] },
        ],
        facets: [],
      });
    },
  } as unknown as HubPort;
  return { hub, requests };
}

describe('searchDatasets', () => {
  it('turns names into urns for the hub filters and pages with offset and limit', async () => {
    const { hub, requests } = recordingHub();
    const page = await searchDatasets(hub, {
      query: ' orders ',
      filters: {
        platforms: ['snowflake'],
        domains: ['urn:li:domain:sales'],
        tags: ['PII', 'urn:li:tag:Gold'],
      },
      offset: 20,
      limit: 10,
    });
    expect(page).toMatchObject({ offset: 20, limit: 10, total: 42, results: [{ urn: 'urn:li:dataset:x' }] });
    expect(requests[0]).toEqual({
      types: ['DATASET'],
      query: 'orders',
      filters: [
        { field: 'platform', values: ['urn:li:dataPlatform:snowflake'] },
        { field: 'domains', values: ['urn:li:domain:sales'] },
        { field: 'tags', values: ['urn:li:tag:PII', 'urn:li:tag:Gold'] },
      ],
      start: 20,
      count: 10,
    });
  });

  it('searches everything by default, 20 at a time', async () => {
    const { hub, requests } = recordingHub();
    await searchDatasets(hub, {});
    expect(requests[0]).toMatchObject({ query: '*', filters: [], start: 0, count: 20 });
  });

  it.each([
    [{ limit: 101 }, 'INVALID_LIMIT'],
    [{ limit: -1 }, 'INVALID_LIMIT'],
    [{ offset: -5 }, 'INVALID_OFFSET'],
    [{ query: 'x'.repeat(501) }, 'INVALID_QUERY'],
    [{ filters: { tags: [' '] } }, 'INVALID_FILTER'],
  ])('refuses %j with %s', async (input, code) => {
    const { hub } = recordingHub();
    await expect(searchDatasets(hub, input)).rejects.toMatchObject({ code });
    await expect(searchDatasets(hub, input)).rejects.toBeInstanceOf(InvalidInputError);
  });
});
