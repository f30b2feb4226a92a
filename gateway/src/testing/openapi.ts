import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** api/openapi.yaml, and a checker of live responses against its response schemas (for tests). */
export const OPENAPI_PATH = fileURLToPath(new URL('../../../api/openapi.yaml', import.meta.url));

export interface OpenApiChecker {
  /** Problems of `body` against the documented response of (method, path template, status); [] when it conforms. */
  problems(method: string, template: string, status: number, body: unknown): string[];
  templates(): { method: string; template: string }[];
}

export function openApiChecker(): OpenApiChecker {
  const document = parse(readFileSync(OPENAPI_PATH, 'utf8')) as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema(document, 'openapi');
  const cache = new Map<string, ValidateFunction>();
  const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  return {
    problems(method, template, status, body) {
      const operation = document.paths[template]?.[method.toLowerCase()];
      if (!operation) return [`${method} ${template} is not in the OpenAPI document`];
      if (!(String(status) in operation.responses))
        return [`status ${status} is not documented for ${method} ${template}`];
      const key = `${method} ${template} ${status}`;
      let validate = cache.get(key);
      if (!validate) {
        // A response is inline or a $ref to components/responses; its JSON schema sits under content.
        const inline = operation.responses[String(status)] as { $ref?: string };
        const base =
          inline.$ref ?? `#/paths/${pointer(template)}/${method.toLowerCase()}/responses/${status}`;
        const fragment = base
          .split('/')
          .map((part, i) => (i === 0 ? part : encodeURIComponent(part)))
          .join('/');
        validate = ajv.compile({ $ref: `openapi${fragment}/content/application~1json/schema` });
        cache.set(key, validate);
      }
      return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
    },
    templates: () =>
      Object.entries(document.paths).flatMap(([template, ops]) =>
        Object.keys(ops).map((method) => ({ method: method.toUpperCase(), template })),
      ),
  };
}
