import { renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Writes a file atomically: a temporary name in the same folder, then a rename. */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
