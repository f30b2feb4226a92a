import { statfsSync } from 'node:fs';

/**
 * Free space on the store's volume. PGlite does not fail cleanly when its disk fills: the WAL flush spins
 * and the process stops answering. So writes are refused while the volume holding the data directory has
 * less free space than a reserve (DATASPOKE_STORE_MIN_FREE_BYTES), as Elasticsearch's flood-stage
 * watermark does, and reads go on; writes resume by themselves once space is freed.
 */

/** Writes refused because the store's volume is (nearly) full: HTTP 507 on every surface. */
export class InsufficientStorageError extends Error {
  readonly code = 'INSUFFICIENT_STORAGE';
  readonly statusCode = 507;
  constructor(reason: string) {
    super(reason);
    this.name = 'InsufficientStorageError';
  }
}

export interface StoreSpaceState {
  writable: boolean;
  /** Free bytes an unprivileged process may use on the volume; null when it cannot be read. */
  freeBytes: number | null;
  reserveBytes: number;
  /** Why writes are refused, in words an operator can act on. */
  reason?: string;
}

/** Whether an error is the store running out of space (ENOSPC, or PostgreSQL's disk_full, SQLSTATE 53100). */
export function isDiskFullError(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOSPC' || code === '53100' || code === 'INSUFFICIENT_STORAGE') return true;
    if (/no space left on device|could not extend file/i.test(e.message)) return true;
  }
  return false;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${n} bytes`;
}

export class StoreSpace {
  private failedWrite: string | null = null;

  constructor(
    /** A directory on the store's volume (the data directory). */
    private readonly dir: string,
    private readonly reserveBytes: number,
    private readonly freeBytesOf: (dir: string) => number = (dir) => {
      const s = statfsSync(dir);
      return s.bavail * s.bsize;
    },
  ) {}

  /** Reads the volume's free space now (one statfs call: cheap enough for every write request). */
  state(): StoreSpaceState {
    if (this.reserveBytes === 0 && this.failedWrite === null)
      return { writable: true, freeBytes: null, reserveBytes: 0 };
    let freeBytes: number | null;
    try {
      freeBytes = this.freeBytesOf(this.dir);
    } catch {
      freeBytes = null;
    }
    if (freeBytes !== null && freeBytes < this.reserveBytes) {
      return {
        writable: false,
        freeBytes,
        reserveBytes: this.reserveBytes,
        reason:
          `the store's volume (${this.dir}) has ${formatBytes(freeBytes)} free, below the reserve of ` +
          `${formatBytes(this.reserveBytes)} (DATASPOKE_STORE_MIN_FREE_BYTES): writes are refused until space is freed; reads are served`,
      };
    }
    if (this.failedWrite !== null) {
      // A write failed for lack of space although the reserve looked free: refuse until the volume has
      // grown past where it was then.
      if (freeBytes === null || freeBytes <= this.failedAtFree)
        return { writable: false, freeBytes, reserveBytes: this.reserveBytes, reason: this.failedWrite };
      this.failedWrite = null;
    }
    return { writable: true, freeBytes, reserveBytes: this.reserveBytes };
  }

  private failedAtFree = 0;

  /** Records a write that failed for lack of space; answers whether it was one. */
  noteWriteFailure(error: unknown): boolean {
    if (!isDiskFullError(error) || error instanceof InsufficientStorageError) return false;
    let free = 0;
    try {
      free = this.freeBytesOf(this.dir);
    } catch {
      // Unknown: any later free space counts as more.
    }
    this.failedAtFree = free;
    this.failedWrite = `a write failed for lack of space on the store's volume (${this.dir}): ${(error as Error).message}`;
    return true;
  }

  /** Throws InsufficientStorageError when writes are refused. */
  assertWritable(): void {
    const state = this.state();
    if (!state.writable) throw new InsufficientStorageError(state.reason ?? 'the store is not writable');
  }
}
