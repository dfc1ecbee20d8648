import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { describeFileError } from "./errors.js";

/** Test hooks: failures injected while a file is written. */
export interface AtomicWriteHooks {
  /** Called after the temporary file is written and synced, before the rename. */
  readonly beforeRename?: (temporaryPath: string) => void;
  /** Replaces `writeSync` (tests inject ENOSPC). */
  readonly write?: (handle: number, chunk: Uint8Array, offset: number, length: number) => number;
}

/** The temporary name a write by this process uses beside `path`. */
export function temporaryPathOf(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

/**
 * Writes a file so that readers only ever see the old contents or all of the new: the bytes go
 * to `<path>.tmp-<pid>` in the same folder, are flushed to disk (fsync), then renamed over `path`
 * (atomic on POSIX file systems), and the folder is synced so the rename survives a crash.
 * On any failure the temporary file is removed and `path` is untouched; a file-system error the
 * user can fix (a full disk, no permission) becomes an OutputError naming `path`.
 */
export function writeFileAtomic(path: string, chunks: readonly Uint8Array[], hooks: AtomicWriteHooks = {}): void {
  const temporaryPath = temporaryPathOf(path);
  const write = hooks.write ?? writeSync;
  let handle: number | undefined;
  try {
    handle = openSync(temporaryPath, "w");
    for (const chunk of chunks) {
      let written = 0;
      while (written < chunk.byteLength) written += write(handle, chunk, written, chunk.byteLength - written);
    }
    fsyncSync(handle);
    closeSync(handle);
    handle = undefined;
    hooks.beforeRename?.(temporaryPath);
    renameSync(temporaryPath, path);
  } catch (error) {
    if (handle !== undefined) closeSync(handle);
    rmSync(temporaryPath, { force: true });
    throw describeFileError(error, "write", path);
  }
  syncFolder(dirname(path));
}

/**
 * Removes `*.tmp-<pid>` files that writes killed before their rename left in `folder`; returns
 * their names. Only for a folder no other process is writing into (a run folder under its lock).
 */
export function removeLeftoverTemporaryFiles(folder: string): string[] {
  const leftovers = readdirSync(folder).filter((name) => /\.tmp-\d+$/.test(name));
  for (const name of leftovers) rmSync(join(folder, name), { force: true });
  return leftovers;
}

/** Flushes a folder's entries (renames, new files) to disk, where the file system allows it. */
export function syncFolder(folder: string): void {
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
