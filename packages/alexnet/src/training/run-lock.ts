import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describeFileError, OutputError } from "../checkpoint/errors.js";

/** The lock's file name inside a run folder. */
export const lockFileName = "run.lock";

/** What a lock file says about its owner. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

/** A held lock on a run folder; `release` removes it (only if it is still ours). */
export interface RunLock {
  readonly path: string;
  release(): void;
}

/**
 * Takes the run folder's lock: `run.lock` created exclusively (O_EXCL, atomic: of two processes
 * only one can create it) holding this process's pid and host. A lock whose owner on this host
 * no longer runs is stale (a killed run) and is replaced; a live owner's lock is refused in one
 * line. `ownerIsAlive` is for tests.
 */
export function acquireRunLock(folder: string, ownerIsAlive: (pid: number) => boolean = processIsAlive): RunLock {
  const path = join(folder, lockFileName);
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (createExclusively(path, `${JSON.stringify(me)}\n`)) return { path, release: () => releaseLock(path) };
    const owner = readOwner(path);
    if (owner === undefined) continue; // Removed between our create and read: try again.
    if (owner.host !== me.host) {
      throw new OutputError(`${folder} is in use by process ${owner.pid} on ${owner.host} (${path}); if no run is writing there, delete ${path}`, path);
    }
    if (ownerIsAlive(owner.pid)) {
      throw new OutputError(`${folder} is in use by another training run (process ${owner.pid}, since ${owner.started}); wait for it to finish or choose another --out`, path);
    }
    rmSync(path, { force: true }); // Stale: its process is gone.
  }
  throw new OutputError(`cannot take the lock ${path}: another process keeps taking it; choose another --out`, path);
}

/** Refuses (as acquireRunLock would) a folder whose lock a live process holds; takes nothing. */
export function refuseLiveLock(folder: string, ownerIsAlive: (pid: number) => boolean = processIsAlive): void {
  const path = join(folder, lockFileName);
  const owner = readOwner(path);
  if (owner === undefined) return;
  if (owner.host !== hostname()) throw new OutputError(`${folder} is in use by process ${owner.pid} on ${owner.host} (${path}); if no run is writing there, delete ${path}`, path);
  if (ownerIsAlive(owner.pid)) throw new OutputError(`${folder} is in use by another training run (process ${owner.pid}, since ${owner.started}); wait for it to finish or choose another --out`, path);
}

function createExclusively(path: string, text: string): boolean {
  let handle: number;
  try {
    handle = openSync(path, "wx");
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") return false;
    throw describeFileError(error, "create the lock file", path);
  }
  try {
    writeSync(handle, text);
  } finally {
    closeSync(handle);
  }
  return true;
}

function readOwner(path: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.pid === "number" && typeof owner.host === "string") return { pid: owner.pid, host: owner.host, started: String(owner.started) };
  } catch {
    // A lock file cut short by a kill while it was written: its owner died at once.
  }
  return { pid: -1, host: hostname(), started: "?" };
}

function releaseLock(path: string): void {
  const owner = readOwner(path);
  if (owner !== undefined && owner.pid === process.pid) rmSync(path, { force: true });
}

/** Whether a process with this pid runs (signal 0 checks without sending anything). */
export function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}
