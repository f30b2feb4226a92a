import { configure, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { expect } from 'vitest';
import type { Client } from 'urql';
import { AuthProvider, type AuthState } from '../auth/AuthContext';
import type { Identity } from '../auth/identity';
import { createApiClient } from '../lib/client';

// findBy*/waitFor give up after one second by default; on a loaded 2-core CI machine a re-render can take longer,
// and a test that waits for something that does happen must not fail for being slow.
configure({ asyncUtilTimeout: 15_000 });

/**
 * Component tests talk to a real urql client whose `fetch` is mocked: each GraphQL operation is answered by
 * the handler named after it, so the documents, variables and result handling are the app's own.
 */
export type Answer = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
export type Handler = (variables: Record<string, unknown>) => Answer | Promise<Answer> | Response;

export interface MockGraphql {
  client: Client;
  /** Every operation the UI sent, in order. */
  calls: { operationName: string; variables: Record<string, unknown> }[];
}

export function mockGraphql(
  handlers: Record<string, Handler>,
  onUnauthenticated: () => void = () => {},
): MockGraphql {
  const calls: MockGraphql['calls'] = [];
  const fetchMock = async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer test-key');
    const body = JSON.parse(init?.body as string) as {
      operationName: string;
      variables?: Record<string, unknown>;
    };
    const variables = body.variables ?? {};
    calls.push({ operationName: body.operationName, variables });
    const handler = handlers[body.operationName];
    if (!handler) throw new Error(`no mock for operation ${body.operationName}`);
    const answer = await handler(variables);
    if (answer instanceof Response) return answer;
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  const client = createApiClient('test-key', onUnauthenticated, fetchMock);
  return { client, calls };
}

export const ADMIN: Identity = { subject: 'admin', groups: ['admin'], auth: 'api_key' };

export function renderWithApp(
  ui: ReactElement,
  { client, route = '/', identity = ADMIN }: { client: Client; route?: string; identity?: Identity },
): RenderResult {
  const initial: AuthState = { status: 'signed-in', identity, key: 'test-key' };
  return render(
    <MemoryRouter initialEntries={[route]}>
      <AuthProvider client={client} initial={initial}>
        {ui}
      </AuthProvider>
    </MemoryRouter>,
  );
}
