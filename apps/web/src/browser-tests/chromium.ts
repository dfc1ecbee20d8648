import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { browserMissingReason, chromiumExecutable, launchChromium as launchHeadless, type LaunchedChromium } from "@alexnet-ts/chromium";

/** Debian's Chromium (apt-get install chromium); ALEXNET_CHROMIUM names another. */
export const chromiumPath = chromiumExecutable();

/** Why the browser tests cannot run here (no Chromium, no playwright-core), or undefined. */
export function chromiumMissingReason(): string | undefined {
  return browserMissingReason(chromiumPath);
}

const appFolder = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where screenshots go (CI keeps the folder as an artifact): ALEXNET_BROWSER_ARTIFACTS or apps/web/browser-artifacts. */
export function artifactFolder(): string {
  const folder = process.env.ALEXNET_BROWSER_ARTIFACTS ?? join(appFolder, "browser-artifacts");
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** Builds the app when dist/ is missing (npm test builds it first through turbo). */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(join(appFolder, "dist", "index.html")) && existsSync(join(appFolder, "dist", "mnist-slice.bin"))) return;
  const { execFileSync } = await import("node:child_process");
  execFileSync("npm", ["run", "build"], { cwd: appFolder, stdio: "inherit" });
}

/** Chromium headless with a fresh profile, WebGPU on SwiftShader, as @alexnet-ts/chromium launches it. */
export function launchChromium(): Promise<LaunchedChromium> {
  return launchHeadless({ executablePath: chromiumPath });
}
