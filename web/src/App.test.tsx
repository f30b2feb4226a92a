// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter } from 'react-router-dom';
import { App } from './App';
import { AuthProvider } from './auth/AuthContext';
import { KEY_STORAGE } from './auth/identity';
import { catalogSummary } from './test/fixtures';
import { mockGraphql } from './test/harness';

/** The gateway's identity endpoint: `good-da-key` is a DA user, `admin-key` an admin, anything else refused. */
function identityEndpoint(open = false) {
  return vi.fn((url: string, init?: RequestInit) => Promise.resolve(answer(url, init)));
  function answer(url: string, init?: RequestInit): Response {
    if (url !== '/api/v1/identity') throw new Error(`unexpected fetch ${url}`);
    const auth = new Headers(init?.headers).get('authorization');
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (open) return json(200, { subject: 'anonymous', groups: ['admin'], auth: 'open' });
    if (auth === 'Bearer good-da-key') return json(200, { subject: 'ana', groups: ['da'], auth: 'api_key' });
    if (auth === 'Bearer admin-key')
      return json(200, { subject: 'admin', groups: ['admin'], auth: 'api_key' });
    return json(401, { error_code: 'UNAUTHENTICATED', message: 'Unknown API key.', trace_id: 't1' });
  }
}

const portal = () =>
  mockGraphql({
    Portal: () => ({
      data: { catalogSummary, gold: { __typename: 'DatasetSearchResults', total: 0, results: [] } },
    }),
  });

function renderApp(client = portal().client) {
  return render(
    <MemoryRouter>
      <AuthProvider client={client}>
        <App />
      </AuthProvider>
    </MemoryRouter>,
  );
}

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('sign-in and navigation', () => {
  it('refuses a bad key with the gateway message and keeps nothing', async () => {
    vi.stubGlobal('fetch', identityEndpoint());
    renderApp();
    const input = await screen.findByLabelText('API key');
    fireEvent.change(input, { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Unknown API key. (UNAUTHENTICATED)');
    expect(sessionStorage.getItem(KEY_STORAGE)).toBeNull();
  });

  it('signs in with a good key, keeps it for the tab, and shows only what the groups allow', async () => {
    const fetchMock = identityEndpoint();
    vi.stubGlobal('fetch', fetchMock);
    renderApp();
    fireEvent.change(await screen.findByLabelText('API key'), { target: { value: '  good-da-key ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Portal', 'Search']);
    expect(sessionStorage.getItem(KEY_STORAGE)).toBe('good-da-key');
    expect(screen.getByText('ana')).toBeTruthy();
    // Sign out forgets the key.
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByLabelText('API key')).toBeTruthy();
    expect(sessionStorage.getItem(KEY_STORAGE)).toBeNull();
  });

  it('an admin sees every spoke', async () => {
    sessionStorage.setItem(KEY_STORAGE, 'admin-key');
    vi.stubGlobal('fetch', identityEndpoint());
    renderApp();
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Portal', 'Search', 'Engineering', 'Governance', 'Doc review']);
  });

  it('a stored key that is no longer accepted leads back to sign-in with the reason', async () => {
    sessionStorage.setItem(KEY_STORAGE, 'revoked-key');
    vi.stubGlobal('fetch', identityEndpoint());
    renderApp();
    expect(await screen.findByText(/Your API key was refused: Unknown API key/)).toBeTruthy();
    expect(screen.getByLabelText('API key')).toBeTruthy();
    expect(sessionStorage.getItem(KEY_STORAGE)).toBeNull();
  });

  it('a gateway started with --open needs no sign-in', async () => {
    vi.stubGlobal('fetch', identityEndpoint(true));
    renderApp();
    expect(await screen.findByText('open mode')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });

  it('says when the gateway cannot be reached, and tries again', async () => {
    const down = vi.fn(() => Promise.reject(new TypeError('fetch failed')));
    vi.stubGlobal('fetch', down);
    renderApp();
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be reached \(fetch failed\)/);
    vi.stubGlobal('fetch', identityEndpoint(true));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByText('open mode')).toBeTruthy());
  });

  it('a spoke page outside the groups explains itself instead of failing', async () => {
    sessionStorage.setItem(KEY_STORAGE, 'good-da-key');
    vi.stubGlobal('fetch', identityEndpoint());
    render(
      <MemoryRouter initialEntries={['/engineering']}>
        <AuthProvider client={portal().client}>
          <App />
        </AuthProvider>
      </MemoryRouter>,
    );
    expect(await screen.findByRole('heading', { name: 'Not available to your groups' })).toBeTruthy();
  });
});
