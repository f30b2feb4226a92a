import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  getOperationAST,
  GraphQLError,
  OperationTypeNode,
  parse,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Authenticator } from '@dataspoke/domain/auth/authenticator';
import { AuthError, type Identity } from '@dataspoke/domain/auth/identity';
import {
  receives,
  type Notification,
  type NotificationFeed,
  type NotificationKind,
} from '@dataspoke/domain/shared/notifications/notification';
import { apiSchemaPath } from './compose.js';

/**
 * Live notifications over graphql-ws on /graphql. Apollo Gateway executes no subscriptions, so the gateway
 * serves this one Subscription field itself, on the same HTTP server and path (a WebSocket upgrade), from
 * the notification feed; queries and mutations stay on HTTP. The schema served is the federated API schema
 * plus gateway/notifications.graphql, so a client's tooling sees one graph.
 */

/** gateway/notifications.graphql, from src/graphql/ or dist/graphql/. */
export function notificationsSdlPath(): string {
  return fileURLToPath(new URL('../../notifications.graphql', import.meta.url));
}

export function subscriptionSchema(): GraphQLSchema {
  return buildSchema(
    `${readFileSync(apiSchemaPath(), 'utf8')}\n${readFileSync(notificationsSdlPath(), 'utf8')}`,
  );
}

/** Most notifications kept for a subscriber that reads slower than they come; older ones are dropped. */
const BUFFERED = 1000;

/** The notifications `identity` receives, as an async iterator that ends when the subscriber leaves. */
async function* notificationsFor(
  feed: NotificationFeed,
  identity: Identity,
  filter: { kinds?: readonly NotificationKind[] | null; datasetUrn?: string | null },
): AsyncGenerator<{ notifications: Notification }> {
  const queue: Notification[] = [];
  let wake: (() => void) | null = null;
  const stop = feed.subscribe((n) => {
    if (!receives(identity, n)) return;
    if (filter.kinds?.length && !filter.kinds.includes(n.kind)) return;
    if (filter.datasetUrn && n.datasetUrn !== filter.datasetUrn) return;
    queue.push(n);
    if (queue.length > BUFFERED) queue.shift();
    wake?.();
  });
  try {
    for (;;) {
      while (queue.length > 0) yield { notifications: queue.shift()! };
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    stop();
  }
}

/** `authorization` (any case) from the connection params, else the upgrade request's header. */
function credentials(params: Readonly<Record<string, unknown>> | undefined, header: string | undefined) {
  for (const [key, value] of Object.entries(params ?? {}))
    if (key.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  return header;
}

export interface SubscriptionServer {
  close(): Promise<void>;
}

/**
 * Accepts WebSocket upgrades on /graphql (graphql-transport-ws) on `server`. A connection authenticates once
 * with the same rules as HTTP: no or bad credentials close it with 4401, and each notification goes only
 * to connections whose groups receive it.
 */
export function serveSubscriptions(
  server: Server,
  options: { feed: NotificationFeed; authenticator: Authenticator },
): SubscriptionServer {
  const schema = subscriptionSchema();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const identities = new WeakMap<object, Identity>();
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);
  const disposable = useServer<Record<string, unknown>>(
    {
      schema,
      onConnect: async (ctx) => {
        try {
          const identity = await options.authenticator.authenticate(
            credentials(ctx.connectionParams, ctx.extra.request.headers.authorization),
          );
          identities.set(ctx.extra, identity);
          return true;
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
          ctx.extra.socket.close(
            error.code === 'FORBIDDEN' ? 4403 : 4401,
            `${error.code}: ${error.message}`.slice(0, 120),
          );
          return false;
        }
      },
      onSubscribe: (_ctx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
        }
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== OperationTypeNode.SUBSCRIPTION)
          return [
            new GraphQLError(
              'only subscriptions are served over WebSocket: send queries and mutations to POST /graphql',
              { extensions: { code: 'BAD_REQUEST' } },
            ),
          ];
      },
      context: (ctx) => ({ identity: identities.get(ctx.extra) }),
      roots: {
        subscription: {
          notifications: (
            args: { kinds?: NotificationKind[] | null; datasetUrn?: string | null },
            context: { identity?: Identity },
          ) => {
            if (!context.identity)
              throw new GraphQLError('not authenticated', { extensions: { code: 'UNAUTHENTICATED' } });
            return notificationsFor(options.feed, context.identity, args);
          },
        },
      },
    },
    wss,
  );
  return {
    close: async () => {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'server stopping');
      await disposable.dispose();
    },
  };
}
