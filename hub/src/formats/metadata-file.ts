import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { JsonInputError, parseJsonInput } from '../json-input.js';
import type { MetadataChangeProposal } from '../model.js';
import {
  decodeProposal,
  decodeSnapshot,
  FormatError,
  isSnapshotEntry,
  type FormatFailureCode,
} from './proposal-decoder.js';

/**
 * Reads DataHub's metadata files: what the `file` sink writes (a JSON array of MCPs and/or MCEs) and
 * DataHub's datapack manifests (`{"files": [{"path": …}]}`) that list such files.
 */

/** A decoded proposal and where it came from: the entry's position, and for an MCE the aspect's. */
export interface DecodedEntry {
  index: number;
  /** Position of the aspect inside an MCE snapshot; absent for an MCP entry. */
  aspectIndex?: number;
  proposal: MetadataChangeProposal;
}

export interface EntryFailure {
  /** Position of the entry in the file; -1 when the whole file is unreadable. */
  index: number;
  aspectIndex?: number;
  urn?: string;
  aspectName?: string;
  code: FormatFailureCode;
  reason: string;
}

export interface MetadataDocument {
  source: string;
  /** Number of entries (MCPs and MCEs) in the file. */
  entries: number;
  proposals: DecodedEntry[];
  failures: EntryFailure[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(entry: unknown, field: string): string | undefined {
  return isObject(entry) && typeof entry[field] === 'string' ? entry[field] : undefined;
}

/** Decodes one file entry (an MCP or an MCE) into proposals and failures; never throws. */
export function decodeEntry(
  entry: unknown,
  index: number,
): { proposals: DecodedEntry[]; failures: EntryFailure[] } {
  try {
    if (isSnapshotEntry(entry)) {
      const proposals: DecodedEntry[] = [];
      const failures: EntryFailure[] = [];
      for (const aspect of decodeSnapshot(entry.proposedSnapshot, entry.systemMetadata)) {
        if ('proposal' in aspect) {
          proposals.push({ index, aspectIndex: aspect.aspectIndex, proposal: aspect.proposal });
        } else {
          failures.push({
            index,
            aspectIndex: aspect.aspectIndex,
            urn: aspect.urn,
            ...(aspect.aspectName ? { aspectName: aspect.aspectName } : {}),
            code: aspect.failure.code,
            reason: aspect.failure.message,
          });
        }
      }
      return { proposals, failures };
    }
    return { proposals: [{ index, proposal: decodeProposal(entry) }], failures: [] };
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    const urn = pick(entry, 'entityUrn');
    const aspectName = pick(entry, 'aspectName');
    return {
      proposals: [],
      failures: [
        {
          index,
          ...(urn ? { urn } : {}),
          ...(aspectName ? { aspectName } : {}),
          code: error.code,
          reason: error.message,
        },
      ],
    };
  }
}

/** Parses the text of a metadata file; a file that is not JSON, or not a list of entries, is one failure. */
export function parseMetadataJson(text: string, source = '(input)'): MetadataDocument {
  let parsed: unknown;
  try {
    parsed = parseJsonInput(text, source);
  } catch (error) {
    if (!(error instanceof JsonInputError)) throw error;
    return {
      source,
      entries: 0,
      proposals: [],
      failures: [{ index: -1, code: error.code, reason: error.message }],
    };
  }
  // A file holding one MCP or MCE object is read as a list of one.
  const entries = Array.isArray(parsed)
    ? parsed
    : isObject(parsed) && !isManifest(parsed)
      ? [parsed]
      : undefined;
  if (!entries) {
    return {
      source,
      entries: 0,
      proposals: [],
      failures: [
        {
          index: -1,
          code: 'INVALID_ENTRY',
          reason: `${source} must hold a JSON array of MetadataChangeProposals / MetadataChangeEvents`,
        },
      ],
    };
  }
  const document: MetadataDocument = { source, entries: entries.length, proposals: [], failures: [] };
  entries.forEach((entry: unknown, index) => {
    const decoded = decodeEntry(entry, index);
    document.proposals.push(...decoded.proposals);
    document.failures.push(...decoded.failures);
  });
  return document;
}

export async function readMetadataFile(file: string): Promise<MetadataDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      source: file,
      entries: 0,
      proposals: [],
      failures: [
        { index: -1, code: 'INVALID_ENTRY', reason: `cannot read ${file}: ${(error as Error).message}` },
      ],
    };
  }
  return parseMetadataJson(text, file);
}

/** A DataHub datapack manifest (`index.json`): `{"version": …, "files": [{"path": "01-….json"}, …]}`. */
function isManifest(value: unknown): value is { files: { path: string }[] } {
  return (
    isObject(value) &&
    Array.isArray(value.files) &&
    !('entityUrn' in value) &&
    !('proposedSnapshot' in value) &&
    value.files.every((f) => isObject(f) && typeof f.path === 'string')
  );
}

/**
 * The files to import for the paths a user gave, in order: a datapack manifest is replaced by the files
 * it lists (relative to it), and a file named twice (say, by a glob that also matched the manifest) is
 * read once.
 */
export async function expandMetadataPaths(files: readonly string[]): Promise<string[]> {
  return (await expandMetadataSources(files)).map((s) => s.file);
}

export interface MetadataSource {
  file: string;
  /** The datapack manifest that listed the file, if one did. */
  datapack: string | null;
}

/** expandMetadataPaths, saying of each file which datapack manifest listed it. */
export async function expandMetadataSources(files: readonly string[]): Promise<MetadataSource[]> {
  const out: MetadataSource[] = [];
  const seen = new Set<string>();
  const add = (file: string, datapack: string | null = null) => {
    const resolved = path.resolve(file);
    if (seen.has(resolved)) return;
    seen.add(resolved);
    out.push({ file, datapack });
  };
  for (const file of files) {
    let manifest: { files: { path: string }[] } | undefined;
    if (file.endsWith('.json')) {
      try {
        const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
        if (isManifest(parsed)) manifest = parsed;
      } catch {
        // Not readable or not JSON: left in the list, so the import reports it as a failure.
      }
    }
    if (manifest) {
      seen.add(path.resolve(file));
      for (const listed of manifest.files) add(path.join(path.dirname(file), listed.path), file);
    } else {
      add(file);
    }
  }
  return out;
}
