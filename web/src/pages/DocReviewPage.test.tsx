// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mockGraphql, renderWithApp } from '../test/harness';
import DocReviewPage from './DocReviewPage';

afterEach(cleanup);

const DATASET = 'urn:li:dataset:(urn:li:dataPlatform:snowflake,shop.analytics.daily_revenue,PROD)';

function suggestion(id: string, over: Record<string, unknown> = {}) {
  return {
    __typename: 'DocSuggestion',
    id,
    kind: 'COLUMN_DESCRIPTION',
    status: 'PENDING',
    datasetUrn: DATASET,
    fieldPath: `col_${id}`,
    text: `Sum of \`orders.amount\` (${id}).`,
    termName: null,
    domainName: null,
    upstreamFields: null,
    transformOperation: null,
    confidence: 0.7,
    phrasedBy: 'DETERMINISTIC',
    staleReason: null,
    writtenText: null,
    evidence: [
      {
        __typename: 'DocEvidence',
        kind: 'sql',
        detail: 'revenue = SUM(o.amount)',
        urn: null,
        fieldPath: null,
      },
    ],
    ...over,
  };
}

function queue(ids: string[]) {
  let pending = ids.map((id) => suggestion(id));
  const mock = mockGraphql({
    DocReviewQueue: () => ({
      data: {
        docSuggestions: { __typename: 'DocSuggestionPage', totalCount: pending.length, suggestions: pending },
      },
    }),
    AcceptDocSuggestion: (v) => {
      const s = pending.find((p) => p.id === v.id)!;
      pending = pending.filter((p) => p.id !== v.id);
      return {
        data: { acceptDocSuggestion: { ...s, status: 'ACCEPTED', writtenText: v.editedText ?? s.text } },
      };
    },
    RejectDocSuggestion: (v) => {
      const s = pending.find((p) => p.id === v.id)!;
      pending = pending.filter((p) => p.id !== v.id);
      return { data: { rejectDocSuggestion: { ...s, status: 'REJECTED' } } };
    },
    AcceptDocSuggestions: (v) => {
      const ids = v.ids as string[];
      const chosen = pending.filter((p) => ids.includes(p.id));
      pending = pending.filter((p) => !ids.includes(p.id));
      return {
        data: {
          acceptDocSuggestions: chosen.map((s, i) => ({ ...s, status: i === 0 ? 'STALE' : 'ACCEPTED' })),
        },
      };
    },
  });
  return mock;
}

const key = (k: string, shiftKey = false) => fireEvent.keyDown(window, { key: k, shiftKey });
const items = () =>
  within(screen.getByRole('list', { name: 'Suggestions' }))
    .getAllByRole('listitem')
    .filter((li) => li.classList.contains('suggestion'));

describe('documentation review queue', () => {
  it('moves with j/k, accepts with a and rejects with r on the focused suggestion', async () => {
    const { client, calls } = queue(['1', '2', '3']);
    renderWithApp(<DocReviewPage />, { client, route: '/doc-review' });
    await screen.findByText('Sum of `orders.amount` (1).');
    expect(items()[0]!.getAttribute('aria-current')).toBe('true');
    key('j');
    await waitFor(() => expect(items()[1]!.getAttribute('aria-current')).toBe('true'));
    key('a');
    await screen.findByText('1 accepted.');
    expect(calls.find((c) => c.operationName === 'AcceptDocSuggestion')?.variables).toEqual({ id: '2' });
    await waitFor(() => expect(items()).toHaveLength(2));
    key('k');
    key('r');
    await screen.findByText('1 rejected.');
    expect(calls.find((c) => c.operationName === 'RejectDocSuggestion')?.variables).toEqual({ id: '1' });
  });

  it('edits with e and accepts the edited text', async () => {
    const { client, calls } = queue(['1']);
    renderWithApp(<DocReviewPage />, { client, route: '/doc-review' });
    await screen.findByText('Sum of `orders.amount` (1).');
    key('e');
    const box = await screen.findByLabelText('Edited text');
    // Keys typed into the text box are text, not shortcuts.
    fireEvent.keyDown(box, { key: 'r' });
    fireEvent.change(box, { target: { value: 'Net revenue per day.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Accept edited' }));
    await screen.findByText('1 accepted.');
    expect(calls.filter((c) => c.operationName === 'RejectDocSuggestion')).toHaveLength(0);
    expect(calls.find((c) => c.operationName === 'AcceptDocSuggestion')?.variables).toEqual({
      id: '1',
      editedText: 'Net revenue per day.',
    });
  });

  it('selects with x and accepts the selection with Shift+A, saying which went stale', async () => {
    const { client, calls } = queue(['1', '2', '3']);
    renderWithApp(<DocReviewPage />, { client, route: '/doc-review' });
    await screen.findByText('Sum of `orders.amount` (1).');
    key('x');
    key('j');
    key('x');
    await screen.findByRole('button', { name: 'Accept selected (2)' }, { timeout: 10_000 });
    key('A', true);
    await screen.findByText('1 accepted; 1 went stale (changed in DataHub since proposed).');
    expect(calls.find((c) => c.operationName === 'AcceptDocSuggestions')?.variables).toEqual({
      ids: ['1', '2'],
    });
  });
});
