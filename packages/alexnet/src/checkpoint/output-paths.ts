import { accessSync, constants, existsSync, mkdirSync, realpathSync, statSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { describeFileError, OutputError } from "./errors.js";

/**
 * Kernel file systems where nothing of ours belongs: Node's recursive mkdir never returns there
 * (/proc answers every mkdir with ENOENT), and writes either fail or change kernel settings.
 */
const systemFolders = ["/proc", "/sys", "/dev"] as const;

function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder + sep);
}

/** The nearest folder on `path`'s way up that exists (itself, if it exists). */
function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
}

/** Refuses a path under /proc, /sys or /dev (also through a symbolic link) in one line. */
export function refuseSystemPath(path: string, flag: string): void {
  const absolute = resolve(path);
  let real = absolute;
  try {
    const existing = nearestExisting(absolute);
    real = resolve(realpathSync(existing), absolute.slice(existing.length).replace(/^[/\\]/, ""));
  } catch {
    // An unreadable ancestor: the checks below report it.
  }
  for (const folder of systemFolders) {
    if (isUnder(absolute, folder) || isUnder(real, folder)) throw new OutputError(`${flag} ${path} is under ${folder}, a kernel file system; choose a folder on a disk`, path);
  }
}

/**
 * Makes sure `folder` is a folder this process can write into, creating it and any missing
 * parents one level at a time (never Node's recursive mkdir, which loops forever under /proc).
 * A file in the way, a system path or a folder without write permission is one line naming `flag`.
 * With `create: false` it only checks (nothing is created).
 */
export function prepareOutputFolder(folder: string, flag: string, options: { create?: boolean } = {}): void {
  refuseSystemPath(folder, flag);
  const absolute = resolve(folder);
  const missing: string[] = [];
  let current = absolute;
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (existsSync(current) && !statSync(current).isDirectory()) {
    const what = current === absolute ? `${flag} ${folder} is a file, not a folder` : `${flag} ${folder} is under ${current}, which is a file, not a folder`;
    throw new OutputError(`${what}; choose another ${flag}`, folder);
  }
  if (options.create === false) {
    // Only check: the nearest existing folder must let us create what is missing.
    try {
      accessSync(current, constants.W_OK);
    } catch (error) {
      throw describeFileError(error, "create folders in", current);
    }
    return;
  }
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as { code?: string }).code === "EEXIST" && statSync(path).isDirectory()) continue;
      throw describeFileError(error, "create the folder", path);
    }
  }
  try {
    accessSync(absolute, constants.W_OK);
  } catch (error) {
    throw describeFileError(error, "write into", folder);
  }
}

/**
 * Checks, before any long work, that a file can be written at `path` (for --json, --markdown,
 * --chart): not a folder, not under /proc or /sys, its folder existing (created if missing) and
 * writable.
 */
export function prepareOutputFile(path: string, flag: string): void {
  refuseSystemPath(path, flag);
  if (existsSync(path) && statSync(path).isDirectory()) throw new OutputError(`${flag} ${path} is a folder; give a file name (inside it, or elsewhere)`, path);
  prepareOutputFolder(dirname(resolve(path)), `${flag}'s folder`);
}
