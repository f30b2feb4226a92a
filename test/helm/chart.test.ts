import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CONFIG_ENVIRONMENT_VARIABLES, loadConfig } from '@dataspoke/platform/config/config';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHART = path.join(ROOT, 'helm-charts/dataspoke');
const HELM = process.env.DATASPOKE_HELM;
const skip = !HELM
  ? 'DATASPOKE_HELM is not set (dev_env/test.sh builds helm and sets it)'
  : !existsSync(HELM)
    ? `DATASPOKE_HELM=${HELM} does not exist`
    : null;
if (skip) console.warn(`[skip] the Helm chart's rendering: ${skip}`);

const valueSets = readdirSync(path.join(CHART, 'ci')).filter((f) => f.endsWith('-values.yaml'));

const helmTemplate = (values: string[]) =>
  spawnSync(HELM!, ['template', 'dataspoke', CHART, ...values.flatMap((v) => ['-f', v])], {
    encoding: 'utf8',
    timeout: 60_000,
  });

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  args: string[];
  env: EnvVar[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  securityContext: { allowPrivilegeEscalation: boolean; readOnlyRootFilesystem: boolean };
}
interface Resource {
  kind: string;
  metadata: { name: string };
  spec: {
    template?: { spec: { containers: Container[]; securityContext: { runAsNonRoot: boolean } } };
    ports?: { port: number }[];
  };
}

/** What a Secret would hold, shaped like the real thing, for the configuration to validate. */
const SECRET_STAND_INS: Record<string, string> = {
  DATABASE_URL: 'postgres://dataspoke:secret@postgres:5432/dataspoke',
  REDIS_URL: 'redis://redis:6379',
};

describe.skipIf(skip !== null)('the Helm chart (helm-charts/dataspoke)', () => {
  it('refuses to render without the DataHub, PostgreSQL, Kafka and Temporal it needs, and says which', () => {
    const result = helmTemplate([]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('datahub.gmsUrl is required');
  });

  it.each(valueSets)(
    'with ci/%s, every process gets only variables the configuration reads, and all it requires',
    (valueSet) => {
      const result = helmTemplate([path.join(CHART, 'ci', valueSet)]);
      expect(result.status, result.stderr).toBe(0);
      const resources = parseAllDocuments(result.stdout)
        .map((d) => d.toJS() as Resource | null)
        .filter((r): r is Resource => r !== null);
      const services = new Map(
        resources.filter((r) => r.kind === 'Service').map((r) => [r.metadata.name, r.spec.ports!]),
      );
      const deployments = resources.filter((r) => r.kind === 'Deployment');
      const commands = deployments.map((d) => d.spec.template!.spec.containers[0]!.args[0]);
      expect(commands).toContain('start');
      expect(commands.filter((c) => c === 'subgraph')).toHaveLength(4);

      for (const deployment of deployments) {
        const pod = deployment.spec.template!.spec;
        expect(pod.securityContext.runAsNonRoot, deployment.metadata.name).toBe(true);
        for (const container of pod.containers) {
          const where = `${deployment.metadata.name}/${container.name}`;
          const names = container.env.map((e) => e.name);
          expect(
            names.filter((n) => !CONFIG_ENVIRONMENT_VARIABLES.includes(n)),
            `${where}: variables the configuration does not read`,
          ).toEqual([]);
          expect(new Set(names).size, `${where}: a variable set twice`).toBe(names.length);
          const env = Object.fromEntries(
            container.env.map((e) => [
              e.name,
              e.value ?? SECRET_STAND_INS[e.name] ?? 'a-secret-value-long-enough-for-any-check-0123456789',
            ]),
          );
          const config = loadConfig(env);

          // The probes reach the process on the port it listens on.
          const http = container.ports.find((p) => p.name === 'http')!;
          expect(Number(env.PORT), where).toBe(http.containerPort);
          expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
          expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
          expect(container.securityContext).toMatchObject({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
          });

          // What each command refuses to start without (gateway/src/commands).
          expect(config.hub.kind, where).toBe('gms');
          expect(config.store.databaseUrl, where).toBeDefined();
          const command = container.args[0];
          if (command === 'subgraph') expect(config.auth.subgraphSecret, where).toBeDefined();
          if (command === 'consumer') expect(config.kafka.brokers, where).toBeDefined();
          if (command === 'worker') expect(config.workflows.temporalAddress, where).toBeDefined();
          if (command === 'start') {
            expect(config.workflows.worker, where).toBe('off');
            expect(config.kafka.consumer, where).toBe('off');
            for (const url of [
              config.gateway.datahubUrl,
              config.gateway.deUrl,
              config.gateway.daUrl,
              config.gateway.dgUrl,
            ]) {
              // Each subgraph URL names a Service of this release, on a port it serves.
              const { hostname, port } = new URL(url!);
              expect(
                services.get(hostname)?.map((p) => p.port),
                url,
              ).toContain(Number(port));
            }
          }
        }
      }
    },
  );
});
