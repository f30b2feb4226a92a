import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** One data file, by its path below the tree's root ('/'-separated). */
export interface DataFile {
  path: string;
  size: number;
}

/**
 * Where the files source reads data files from: a local directory or an S3-compatible bucket. It lists every
 * file once and reads byte ranges, so a Parquet footer or a CSV sample is all that is fetched of a file.
 */
export interface FileTree {
  /** Every file below the root, sorted by path; hidden entries (`.x`, `_x`, e.g. `_SUCCESS`) left out. */
  list(signal: AbortSignal): Promise<DataFile[]>;
  /** Bytes [start, end) of a file. */
  read(file: DataFile, start: number, end: number, signal: AbortSignal): Promise<Uint8Array>;
  /** Lets go of connections, if any. */
  close?(): void;
}

/** A path is hidden when any of its parts starts with a dot or an underscore (Spark's `_temporary/`). */
export function isHidden(relative: string): boolean {
  return relative.split('/').some((part) => part.startsWith('.') || part.startsWith('_'));
}

/** The files of a local directory. */
export function localFileTree(root: string): FileTree {
  return {
    async list() {
      const entries = await readdir(root, { recursive: true, withFileTypes: true });
      const out: DataFile[] = [];
      for (const e of entries) {
        if (!e.isFile()) continue;
        const full = path.join(e.parentPath, e.name);
        const relative = path.relative(root, full).split(path.sep).join('/');
        if (isHidden(relative)) continue;
        out.push({ path: relative, size: (await stat(full)).size });
      }
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async read(file, start, end) {
      const handle = await open(path.join(root, file.path), 'r');
      try {
        const buffer = Buffer.alloc(Math.max(0, end - start));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
}
