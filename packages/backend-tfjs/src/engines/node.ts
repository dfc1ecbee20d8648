import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { BackendProvider } from "@alexnet-ts/engine";
import type { EngineStart } from "../backend.js";
import { activateEngine, tfjsVersion } from "./activate.js";

// A variable, so that TypeScript does not look for a package that is usually absent.
const nodePackage = "@tensorflow/tfjs-node";

/** Where @tensorflow/tfjs-node is installed, if it is. */
function nodePackageFolder(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${nodePackage}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * tfjs-node is an optional peer dependency: its install script downloads libtensorflow, which
 * fails without internet access, so the project never requires it. Available when it is
 * installed with its native binding built.
 */
export async function nodeAvailability(): ReturnType<BackendProvider["availability"]> {
  const howToEnable = "npm install @tensorflow/tfjs-node@4.22.0 on a machine that can download libtensorflow (linux-x64, darwin, win32)";
  const folder = nodePackageFolder();
  if (folder === undefined) return { available: false, reason: "@tensorflow/tfjs-node is not installed (it is optional)", howToEnable };
  const libraries = join(folder, "lib");
  const bound = existsSync(libraries) && readdirSync(libraries).some((entry) => existsSync(join(libraries, entry, "tfjs_binding.node")));
  if (!bound) return { available: false, reason: `@tensorflow/tfjs-node is installed but its native binding is missing (libtensorflow was not downloaded)`, howToEnable: `${howToEnable}, or run npm rebuild @tensorflow/tfjs-node` };
  return { available: true };
}

/** Native TensorFlow (libtensorflow) through tfjs-node; its backend is called "tensorflow". */
export async function startNode(): Promise<EngineStart> {
  await import(nodePackage);
  await activateEngine("tensorflow");
  const folder = nodePackageFolder() as string;
  const version = (JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { version: string }).version;
  return { engine: "tensorflow", description: `${tfjsVersion()} tensorflow (native libtensorflow through @tensorflow/tfjs-node ${version})` };
}
