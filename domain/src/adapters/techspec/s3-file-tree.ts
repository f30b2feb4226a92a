import { GetObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { TechSpecSourceError } from '../../ports/techspec-source.js';
import { sourceFailure } from './common.js';
import { isHidden, type DataFile, type FileTree } from './file-tree.js';

export interface S3TreeOptions {
  /** s3://bucket/prefix */
  location: string;
  /** For an S3-compatible store other than AWS's (path-style addressing unless said otherwise). */
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  connectTimeoutMs: number;
  /** Each request's time to answer once connected. */
  requestTimeoutMs: number;
  /** Keys per ListObjectsV2 page (S3 answers at most 1,000). */
  pageSize?: number;
}

export interface S3FileTree extends FileTree {
  /** Object bytes fetched so far by `read`. */
  readonly bytesRead: number;
}

/** The bucket and the key prefix (ending in `/` unless empty) of an s3:// URL. */
export function parseS3Location(location: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!match) throw new TechSpecSourceError('SOURCE_FAILED', `${location} is not an s3://bucket/prefix URL`);
  const rest = match[2]!.replace(/\/+$/, '');
  return { bucket: match[1]!, prefix: rest === '' ? '' : `${rest}/` };
}

const DENIED = new Set([
  'AccessDenied',
  'AllAccessDisabled',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'CredentialsProviderError',
]);

/**
 * The error an S3 failure ends the source with: a missing bucket, refused credentials, an endpoint that does not
 * connect or does not answer each get their own code, with S3's own error name in the reason.
 */
export function s3Failure(error: unknown, signal: AbortSignal, what: string): TechSpecSourceError {
  if (error instanceof TechSpecSourceError || signal.aborted) return sourceFailure(error, signal, what);
  const e = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const status = e.$metadata?.httpStatusCode;
  if (name === 'NoSuchBucket')
    return new TechSpecSourceError(
      'SOURCE_NOT_FOUND',
      `${what}: the bucket does not exist (S3 NoSuchBucket)`,
    );
  if (name === 'CredentialsProviderError')
    return new TechSpecSourceError(
      'SOURCE_ACCESS_DENIED',
      `${what}: no AWS credentials were found (environment, shared config files, web identity, container or instance role): ${message}`,
    );
  if (DENIED.has(name) || status === 403)
    return new TechSpecSourceError(
      'SOURCE_ACCESS_DENIED',
      `${what}: access denied (S3 ${name || status}): ${message}`,
    );
  if (name === 'TimeoutError')
    return /connection/i.test(message)
      ? new TechSpecSourceError('SOURCE_UNREACHABLE', `${what} cannot be reached: ${message}`)
      : new TechSpecSourceError('SOURCE_TIMEOUT', `${what}: the endpoint did not answer: ${message}`);
  if (error instanceof S3ServiceException)
    return new TechSpecSourceError('SOURCE_FAILED', `${what}: S3 ${name} (HTTP ${status}): ${message}`);
  return sourceFailure(error, signal, what);
}

/**
 * The objects under an s3:// prefix, through the AWS SDK's S3 client: credentials by the SDK's default chain,
 * listing page by page (ListObjectsV2 continuation tokens), reading by ranged GETs.
 */
export function s3FileTree(options: S3TreeOptions): S3FileTree {
  const { bucket, prefix } = parseS3Location(options.location);
  const client = new S3Client({
    ...(options.endpoint && { endpoint: options.endpoint }),
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    followRegionRedirects: true,
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: options.connectTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      // Without it the handler only warns and the request waits on.
      throwOnRequestTimeout: true,
    },
  });
  let bytesRead = 0;
  return {
    get bytesRead() {
      return bytesRead;
    },
    async list(signal) {
      const out: DataFile[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              ContinuationToken: token,
              MaxKeys: options.pageSize,
            }),
            { abortSignal: signal },
          );
          for (const object of page.Contents ?? []) {
            const relative = (object.Key ?? '').slice(prefix.length);
            // A key ending in `/` is a console-made "folder", not a file.
            if (relative === '' || relative.endsWith('/') || isHidden(relative)) continue;
            out.push({ path: relative, size: object.Size ?? 0 });
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
      } catch (error) {
        throw s3Failure(error, signal, options.location);
      }
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async read(file, start, end, signal) {
      if (end <= start) return new Uint8Array(0);
      try {
        const answer = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: prefix + file.path,
            Range: `bytes=${start}-${end - 1}`,
          }),
          { abortSignal: signal },
        );
        const bytes = answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array(0);
        bytesRead += bytes.length;
        return bytes;
      } catch (error) {
        throw s3Failure(error, signal, `s3://${bucket}/${prefix}${file.path}`);
      }
    },
    close() {
      client.destroy();
    },
  };
}
