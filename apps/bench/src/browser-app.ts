import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BenchUsageError } from "./errors.js";

const buildHint = "npx turbo run build --filter=@alexnet-ts/web";

/** A package whose package.json says `"alexnet-ts": { "browserApp": "dist" }`: its built static site. */
interface MarkedApp {
  readonly name: string;
  readonly folder: string;
}

function markedApp(packageFolder: string): MarkedApp | undefined {
  const manifestPath = join(packageFolder, "package.json");
  if (!existsSync(manifestPath)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { name?: string; "alexnet-ts"?: { browserApp?: unknown } };
    const site = manifest["alexnet-ts"]?.browserApp;
    // The real folder (a workspace package is a symlink in node_modules): apps/web/dist.
    return typeof site === "string" ? { name: manifest.name ?? packageFolder, folder: join(realpathSync(packageFolder), site) } : undefined;
  } catch {
    return undefined;
  }
}

/** The first installed @alexnet-ts package marked as a browser app, walking up node_modules from `start`. */
function findMarkedApp(start: string): MarkedApp | undefined {
  for (let folder = resolve(start); ; folder = dirname(folder)) {
    const scoped = join(folder, "node_modules", "@alexnet-ts");
    if (existsSync(scoped)) {
      for (const name of readdirSync(scoped).sort()) {
        const app = markedApp(join(scoped, name));
        if (app !== undefined) return app;
      }
    }
    if (dirname(folder) === folder) return undefined;
  }
}

/**
 * The built static site the browser rows run in (its Bench page carries the hook the benchmark
 * drives). Given: that folder. Otherwise the installed package whose package.json marks its
 * built site (`"alexnet-ts": { "browserApp": "dist" }`: the web app, apps/web/dist) — data on
 * disk, not an import, so this app does not depend on the web app. Missing or unbuilt: one line
 * saying which build to run.
 */
export function locateBrowserApp(explicit: string | undefined, start = dirname(fileURLToPath(import.meta.url))): string {
  if (explicit !== undefined) {
    const folder = resolve(explicit);
    if (!existsSync(join(folder, "index.html"))) throw new BenchUsageError(`--browser-app ${explicit} has no index.html: give the folder of the built web app (${buildHint} makes apps/web/dist)`);
    return folder;
  }
  const app = findMarkedApp(start);
  if (app === undefined) throw new BenchUsageError(`no web app is installed to run the browser rows in: run npm install in the repository, then ${buildHint}, or pass --browser-app <folder>`);
  if (!existsSync(join(app.folder, "index.html"))) throw new BenchUsageError(`the web app (${app.name}) is not built, ${join(app.folder, "index.html")} is missing: run ${buildHint}`);
  return app.folder;
}
