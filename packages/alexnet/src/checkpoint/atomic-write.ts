import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/** Test hooks: a failure injected between writing and renaming. */
export interface AtomicWriteHooks {
  /** Called after the temporary file is written and synced, before the rename. */
  readonly beforeRename?: (temporaryPath: string) => void;
}

/**
 * Writes a file so that readers only ever see the old contents or all of the new: the bytes go
 * to `<path>.tmp-<pid>` in the same folder, are flushed to disk (fsync), then renamed over `path`
 * (atomic on POSIX file systems), and the folder is synced so the rename survives a crash.
 * On any failure the temporary file is removed and `path` is untouched.
 */
export function writeFileAtomic(path: string, chunks: readonly Uint8Array[], hooks: AtomicWriteHooks = {}): void {
  const temporaryPath = `${path}.tmp-${process.pid}`;
  let handle: number | undefined;
  try {
    handle = openSync(temporaryPath, "w");
    for (const chunk of chunks) {
      let written = 0;
      while (written < chunk.byteLength) written += writeSync(handle, chunk, written, chunk.byteLength - written);
    }
    fsyncSync(handle);
    closeSync(handle);
    handle = undefined;
    hooks.beforeRename?.(temporaryPath);
    renameSync(temporaryPath, path);
  } catch (error) {
    if (handle !== undefined) closeSync(handle);
    rmSync(temporaryPath, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
}

function syncFolder(folder: string): void {
  let handle: number | undefined;
  try {
    handle = openSync(folder, "r");
    fsyncSync(handle);
  } catch {
    // Some file systems refuse fsync on a folder; the rename itself is still atomic.
  } finally {
    if (handle !== undefined) closeSync(handle);
  }
}
