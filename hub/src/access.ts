import type { FastifyRequest } from 'fastify';

/**
 * What a request does to the hub's metadata. The hub names the access each route needs; who holds which
 * access is the caller's business (the gateway maps groups to accesses, see auth/hub-rights.ts).
 */
export type HubAccess = 'read' | 'write' | 'delete';

/** Returns why the request may not have `access` (answered 403 FORBIDDEN), or undefined when it may. */
export type HubAuthorizer = (request: FastifyRequest, access: HubAccess) => string | undefined;

/** For a hub served without authentication (tests of the routes alone). */
export const allowEveryAccess: HubAuthorizer = () => undefined;
