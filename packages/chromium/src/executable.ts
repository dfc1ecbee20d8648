import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { BrowserSetupError } from "./errors.js";

/** Debian's Chromium (`apt-get install chromium`; `.ci/install-browser.sh` does it). */
export const defaultChromiumPath = "/usr/bin/chromium";

/** The Chromium binary: `ALEXNET_CHROMIUM` when set, else Debian's. */
export function chromiumExecutable(environment: NodeJS.ProcessEnv = process.env): string {
  const chosen = environment.ALEXNET_CHROMIUM;
  return chosen === undefined || chosen === "" ? defaultChromiumPath : chosen;
}

const installHint = "install Debian's chromium (bash .ci/install-browser.sh) or set ALEXNET_CHROMIUM to a Chromium binary";

/**
 * Why a browser run cannot start here (no Chromium at `executable`, or playwright-core not
 * installed), or undefined; checked without starting anything, for test skips and up-front checks.
 * `resolveModule` finds a package (tests pass one that fails).
 */
export function browserMissingReason(executable: string = chromiumExecutable(), resolveModule: (name: string) => string = createRequire(import.meta.url).resolve): string | undefined {
  if (!existsSync(executable)) return `no Chromium at ${executable}: ${installHint}`;
  try {
    resolveModule("playwright-core");
  } catch {
    return "playwright-core is not installed: npm install --no-save playwright-core@1.65.1 (it drives the Chromium that .ci/install-browser.sh installs)";
  }
  return undefined;
}

/**
 * The browser's name and version as it reports them ("Chromium 156.0.8078.114"), from
 * `--version`; a binary that does not answer is a BrowserSetupError.
 */
export function chromiumVersion(executable: string = chromiumExecutable()): string {
  const missing = browserMissingReason(executable);
  if (missing !== undefined) throw new BrowserSetupError(missing);
  const answer = spawnSync(executable, ["--version"], { encoding: "utf8", timeout: 30_000 });
  const version = /^(\S+(?: \S+)*?) (\d+\.\d+\.\d+\.\d+)/m.exec(answer.stdout ?? "");
  if (answer.status !== 0 || version === null) {
    const why = answer.error?.message ?? (answer.stderr || answer.stdout || "").trim().split("\n")[0];
    throw new BrowserSetupError(`${executable} --version did not answer with a browser version (${why}): ${installHint}`);
  }
  return `${version[1]} ${version[2]}`;
}
