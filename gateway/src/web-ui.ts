import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The explorer UI (web/dist, built by `npm run build`) on the front door at `/`. Client-side routes such as
 * /datasets/<urn> get index.html (the SPA fallback); the API paths never do: an unknown /api, /graphql, /gms
 * or /health path keeps answering the JSON 404.
 */

/** Paths that belong to the API; the UI never answers under them. */
const API_PATHS = /^\/(graphql|api|gms|health|ws)(\/|\?|$)/;

/** web/dist next to this package, the same from gateway/src (tsx) and gateway/dist (the build). */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface WebUiOptions {
  /** Where the built UI is; DEFAULT_WEB_DIST unless given. */
  distDir?: string;
  /** DataHub's own UI, so dataset pages can link to it (config.ui.datahubUiUrl); nothing secret goes here. */
  datahubUiUrl?: string | undefined;
}

export async function registerWebUi(app: FastifyInstance, options: WebUiOptions = {}): Promise<void> {
  const distDir = options.distDir ?? DEFAULT_WEB_DIST;
  // Display-only configuration, validated with the rest (DATAHUB_UI_URL → config.ui.datahubUiUrl).
  const datahubUiUrl = options.datahubUiUrl?.trim() || null;

  app.get('/web-config.json', (_request, reply) =>
    reply.header('cache-control', 'no-cache').send({ datahubUiUrl }),
  );

  if (!existsSync(path.join(distDir, 'index.html'))) {
    // A gateway built without the UI (e.g. `tsc -b` alone) still says where the UI would be.
    app.get('/', (_request, reply) =>
      reply
        .status(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><title>DataSpoke</title><p>The web UI is not built. Run <code>npm run build</code> and restart.</p>',
        ),
    );
    return;
  }

  // Hashed bundles: cached for good. index.html: always revalidated, so a new build is picked up at once.
  await app.register(fastifyStatic, {
    root: path.join(distDir, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
  });
  // Other top-level files of the build (favicon and the like), never the dot-folders (.vite/manifest.json).
  const topLevel = new Set(
    readdirSync(distDir, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name !== 'index.html')
      .map((e) => e.name),
  );

  const sendIndex = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', distDir, { cacheControl: false });

  app.get('/', (_request, reply) => sendIndex(reply));
  app.get('/*', (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (API_PATHS.test(pathname)) return reply.callNotFound();
    const name = pathname.slice(1);
    if (topLevel.has(name)) return reply.sendFile(name, distDir);
    // A missing hashed asset is a stale page, not a client route: 404 instead of HTML with a JS MIME mismatch.
    if (pathname.startsWith('/assets/')) return reply.callNotFound();
    return sendIndex(reply);
  });
}
