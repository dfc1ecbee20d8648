import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { BackendRegistry } from "../registry.js";
import { discoverBackendPackages } from "./discover.js";

let installed: BackendRegistry | undefined;

/**
 * The registry of the backend packages installed beside this package and beside the current
 * folder (made once per process).
 */
export function installedBackendRegistry(): BackendRegistry {
  installed ??= new BackendRegistry(discoverBackendPackages([dirname(fileURLToPath(import.meta.url)), process.cwd()]));
  return installed;
}
