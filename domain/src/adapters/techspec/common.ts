import { z } from 'zod';
import { TechSpecSourceError } from '../../ports/techspec-source.js';

/** DataHub's FabricType: the `env` part of a dataset urn. */
export const fabricSchema = z
  .enum(['PROD', 'DEV', 'TEST', 'QA', 'UAT', 'EI', 'PRE', 'STG', 'NON_PROD', 'CORP', 'RVW', 'SANDBOX'])
  .default('PROD');

/** A dataset urn as DataHub's `make_dataset_urn(platform, name, env)` builds it. */
export function datasetUrn(platform: string, name: string, env: string): string {
  return `urn:li:dataset:(urn:li:dataPlatform:${platform},${name},${env})`;
}

/** A test of names against an optional regular expression (everything when absent). */
export function matcherOf(pattern: string | undefined): (name: string) => boolean {
  if (!pattern) return () => true;
  const re = new RegExp(pattern);
  return (name) => re.test(name);
}

/** A zod refinement: the string compiles as a regular expression. */
export const regexSchema = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/** The error a source's failure ends its part of the run with: timed out, unreachable, or failed. */
export function sourceFailure(error: unknown, signal: AbortSignal, what: string): TechSpecSourceError {
  if (error instanceof TechSpecSourceError) return error;
  if (signal.aborted) return new TechSpecSourceError('SOURCE_TIMEOUT', `${what}: ${String(signal.reason)}`);
  const e = error as { code?: unknown; name?: unknown; message?: unknown; errno?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const code = typeof e.code === 'string' ? e.code : '';
  const name = typeof e.name === 'string' ? e.name : '';
  if (
    UNREACHABLE.has(code) ||
    name === 'KafkaJSConnectionError' ||
    name === 'KafkaJSNumberOfRetriesExceeded' ||
    (name === 'KafkaJSNonRetriableError' && /connect/i.test(message))
  )
    return new TechSpecSourceError('SOURCE_UNREACHABLE', `${what} cannot be reached: ${message}`);
  return new TechSpecSourceError('SOURCE_FAILED', `${what}: ${message}`);
}
