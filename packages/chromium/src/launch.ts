import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { BrowserSetupError } from "./errors.js";
import { chromiumExecutable, chromiumVersion } from "./executable.js";

/**
 * Headless flags: WebGPU on SwiftShader (software; Linux Chromium needs the unsafe flag), no
 * background traffic, /tmp instead of a small /dev/shm. The GPU process stays on, since WebGL2
 * and WebGPU need it.
 */
export const chromiumArguments: readonly string[] = [
  "--no-sandbox",
  "--enable-unsafe-webgpu",
  "--use-webgpu-adapter=swiftshader",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

export interface LaunchOptions {
  /** The Chromium binary (default: {@link chromiumExecutable}). */
  readonly executablePath?: string;
  readonly viewport?: { readonly width: number; readonly height: number };
}

/** A running headless Chromium with a fresh profile; `close` ends it and removes the profile. */
export interface LaunchedChromium {
  readonly context: BrowserContext;
  /** The browser's name and version, for example "Chromium 156.0.8078.114". */
  readonly version: string;
  close(): Promise<void>;
}

/** playwright-core, imported only when a browser run starts (it is optional for everything else). */
async function importPlaywright(): Promise<typeof import("playwright-core")> {
  try {
    return await import("playwright-core");
  } catch (error) {
    throw new BrowserSetupError(`playwright-core could not be loaded (${(error as Error).message.split("\n")[0]}): npm install --no-save playwright-core@1.65.1`);
  }
}

/** Launches headless Chromium (checked first: a missing browser or playwright-core is a BrowserSetupError). */
export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedChromium> {
  const executablePath = options.executablePath ?? chromiumExecutable();
  const version = chromiumVersion(executablePath);
  const { chromium } = await importPlaywright();
  const profile = mkdtempSync(join(tmpdir(), "alexnet-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      acceptDownloads: true,
      viewport: options.viewport ?? { width: 1400, height: 1000 },
      args: [...chromiumArguments],
      // Ctrl-C is the caller's: the benchmark prints what was measured (playwright's own handler
      // would exit at once). Chromium, in the same process group, gets the signal itself.
      handleSIGINT: false,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    version,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
