import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HubAccess, HubAuthorizer } from '../access.js';
import { SchemaRegistryError, type InMemorySchemaRegistry } from './schema-registry.js';

export interface SchemaRegistryRoutesOptions {
  registry: InMemorySchemaRegistry;
  authorize: HubAuthorizer;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const MAX_SCHEMA_BYTES = 1024 * 1024;

type SubjectParams = { Params: { subject: string } };
type VersionParams = { Params: { subject: string; version: string } };

/**
 * The Confluent schema registry REST API that GMS serves at /schema-registry/api/, the part DataHub's clients
 * and Kafka serializers use: subjects and their versions, schemas by id, registering and looking up a schema.
 * Errors answer in Confluent's shape (`error_code`, `message`). Reading needs the hub's read access,
 * registering its write access.
 */
export function registerSchemaRegistryRoutes(
  app: FastifyInstance,
  { registry, authorize }: SchemaRegistryRoutesOptions,
): Promise<void> {
  // Confluent's clients send their own media type; the bodies are JSON.
  app.addContentTypeParser(
    [CONTENT_TYPE, 'application/vnd.schemaregistry+json', 'application/octet-stream'],
    { parseAs: 'string', bodyLimit: MAX_SCHEMA_BYTES },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new SchemaRegistryError(400, 400, 'The request body is not JSON'));
      }
    },
  );
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof SchemaRegistryError) return send(reply, error);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) return send(reply, new SchemaRegistryError(status, status, (error as Error).message));
    return send(reply, new SchemaRegistryError(500, 50001, 'Error in the backend data store'));
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-type', CONTENT_TYPE);
    return payload;
  });

  const guard = (request: FastifyRequest, access: HubAccess): void => {
    const refusal = authorize(request, access);
    if (refusal) throw new SchemaRegistryError(403, 40301, refusal);
  };

  app.get('/subjects', (request) => {
    guard(request, 'read');
    return registry.listSubjects();
  });
  app.get<SubjectParams>('/subjects/:subject/versions', (request) => {
    guard(request, 'read');
    return registry.versions(request.params.subject).map((v) => v.version);
  });
  app.get<VersionParams>('/subjects/:subject/versions/:version', (request) => {
    guard(request, 'read');
    return registry.version(request.params.subject, request.params.version);
  });
  app.get<VersionParams>('/subjects/:subject/versions/:version/schema', (request) => {
    guard(request, 'read');
    return JSON.parse(registry.version(request.params.subject, request.params.version).schema) as unknown;
  });
  app.post<SubjectParams>('/subjects/:subject/versions', (request) => {
    guard(request, 'write');
    return { id: registry.register(request.params.subject, schemaOf(request.body)).id };
  });
  app.post<SubjectParams>('/subjects/:subject', (request) => {
    guard(request, 'read');
    return registry.lookup(request.params.subject, schemaOf(request.body));
  });
  app.get<{ Params: { id: string } }>('/schemas/ids/:id', (request) => {
    guard(request, 'read');
    return { schema: schemaText(registry, request.params.id) };
  });
  app.get<{ Params: { id: string } }>('/schemas/ids/:id/schema', (request) => {
    guard(request, 'read');
    return JSON.parse(schemaText(registry, request.params.id)) as unknown;
  });
  app.get('/schemas/types', (request) => {
    guard(request, 'read');
    return ['AVRO'];
  });
  app.get('/config', (request) => {
    guard(request, 'read');
    return { compatibilityLevel: 'BACKWARD' };
  });
  app.get<SubjectParams>('/config/:subject', (request) => {
    guard(request, 'read');
    registry.versions(request.params.subject);
    return { compatibilityLevel: 'BACKWARD' };
  });
  return Promise.resolve();
}

function send(reply: FastifyReply, error: SchemaRegistryError): FastifyReply {
  return reply.status(error.httpStatus).send({ error_code: error.errorCode, message: error.message });
}

function schemaOf(body: unknown): string {
  const record = body as { schema?: unknown; schemaType?: unknown } | null;
  if (!record || typeof record.schema !== 'string')
    throw new SchemaRegistryError(422, 42201, 'The body needs "schema": the Avro schema as a JSON string');
  if (record.schemaType !== undefined && record.schemaType !== 'AVRO')
    throw new SchemaRegistryError(
      422,
      42201,
      `Only AVRO schemas are accepted, not ${JSON.stringify(record.schemaType)}`,
    );
  return record.schema;
}

function schemaText(registry: InMemorySchemaRegistry, id: string): string {
  const schema = /^\d{1,9}$/.test(id) ? registry.schemaText(Number(id)) : undefined;
  if (schema === undefined) throw new SchemaRegistryError(404, 40403, 'Schema not found');
  return schema;
}
