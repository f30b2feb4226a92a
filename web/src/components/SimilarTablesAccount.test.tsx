// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mockGraphql, renderWithApp } from '../test/harness';
import { SimilarTablesAccount } from './SimilarTablesAccount';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.gold.orders,PROD)';
const ACCOUNT =
  'Compared with its copies: only here: discount_amount; filtered on order_status <> cancelled; refreshed daily.';

const answer =
  (status: 'PENDING' | 'ACCEPTED', writtenText: string | null = null) =>
  () => ({
    data: {
      docSuggestions: {
        __typename: 'DocSuggestionPage',
        suggestions: [{ __typename: 'DocSuggestion', id: 's1', status, text: ACCOUNT, writtenText }],
      },
    },
  });

describe('SimilarTablesAccount', () => {
  afterEach(cleanup);

  it('reads the account only once the copy group is opened, and says it is pending review', async () => {
    const closed = mockGraphql({ SimilarTablesAccount: answer('PENDING') });
    renderWithApp(<SimilarTablesAccount urn={URN} open={false} />, { client: closed.client });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed.calls).toEqual([]);
    cleanup();

    const opened = mockGraphql({ SimilarTablesAccount: answer('PENDING') });
    renderWithApp(<SimilarTablesAccount urn={URN} open />, { client: opened.client });
    const account = await screen.findByLabelText('How the copies differ');
    expect(account.textContent).toContain('only here: discount_amount');
    expect(account.textContent).toContain('pending review');
    expect(opened.calls[0]).toMatchObject({
      operationName: 'SimilarTablesAccount',
      variables: { urn: URN },
    });
  });

  it('shows what was written to DataHub once accepted, and nothing without an account', async () => {
    const accepted = mockGraphql({ SimilarTablesAccount: answer('ACCEPTED', 'Edited by a reviewer.') });
    renderWithApp(<SimilarTablesAccount urn={URN} open />, { client: accepted.client });
    const account = await screen.findByLabelText('How the copies differ');
    expect(account.textContent).toContain('Edited by a reviewer.');
    expect(account.textContent).toContain('in its DataHub description');
    cleanup();

    const none = mockGraphql({
      SimilarTablesAccount: () => ({
        data: { docSuggestions: { __typename: 'DocSuggestionPage', suggestions: [] } },
      }),
    });
    renderWithApp(<SimilarTablesAccount urn={URN} open />, { client: none.client });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(none.calls).toHaveLength(1);
    expect(screen.queryByLabelText('How the copies differ')).toBeNull();
  });
});
