import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";

/** Debian's Chromium (apt-get install chromium); ALEXNET_CHROMIUM names another. */
export const chromiumPath = process.env.ALEXNET_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here, or undefined. */
export function chromiumMissingReason(): string | undefined {
  return existsSync(chromiumPath) ? undefined : `no Chromium at ${chromiumPath} (apt-get install chromium, or set ALEXNET_CHROMIUM)`;
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

/**
 * Chromium headless with a fresh profile, WebGPU on SwiftShader (software) and no background
 * traffic; the GPU process is left on, since WebGL2 and WebGPU need it.
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "alexnet-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1400, height: 1000 },
    args: ["--no-sandbox", "--enable-unsafe-webgpu", "--use-webgpu-adapter=swiftshader", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
