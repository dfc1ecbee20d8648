import { browserMissingReason, chromiumExecutable } from "@alexnet-ts/chromium";
import { locateBrowserApp } from "./browser-app.js";
import type { OfferedBackend } from "./browser-page.js";
import { BrowserSession } from "./browser-session.js";
import { BenchUsageError } from "./errors.js";
import { browserPrefix, type BackendSpecification } from "./targets.js";

/** What the browser rows need, from the benchmark's options. */
export interface BrowserRequest {
  /** `browser:NAME` entries of --backends, in order. */
  readonly specifications: readonly BackendSpecification[];
  /** --browser: every backend the browser offers, after those named. */
  readonly all: boolean;
  /** The built web app (default: found by locateBrowserApp). */
  readonly app?: string;
  /** The Chromium binary (default: ALEXNET_CHROMIUM, else Debian's /usr/bin/chromium). */
  readonly chromium?: string;
}

/**
 * The browser targets' specifications: those named, each checked against what the page offers
 * in this browser (unknown or unavailable: one line), then with `all` every other available one.
 */
export function chooseBrowserBackends(request: BrowserRequest, offered: readonly OfferedBackend[], browser: string): BackendSpecification[] {
  const chosen: BackendSpecification[] = [];
  for (const specification of request.specifications) {
    const backend = offered.find((candidate) => candidate.name === specification.backend);
    if (backend === undefined) {
      throw new BenchUsageError(`unknown browser backend "${specification.label}"; ${browser} offers: ${offered.map((candidate) => `${browserPrefix}${candidate.name}`).join(", ")}`);
    }
    if (!backend.available) throw new BenchUsageError(`${specification.label} is not available in ${browser}: ${backend.reason ?? "no reason given"}`);
    chosen.push(specification);
  }
  if (request.all) {
    for (const backend of offered) {
      if (!backend.available || chosen.some((specification) => specification.backend === backend.name)) continue;
      chosen.push({ label: `${browserPrefix}${backend.name}`, backend: backend.name, options: [], browser: true });
    }
  }
  if (chosen.length === 0) throw new BenchUsageError(`${browser} offers no available backend: ${offered.map((backend) => `${backend.name} (${backend.reason ?? "?"})`).join("; ")}`);
  return chosen;
}

/**
 * Checks what the browser rows need (the built web app, Chromium, playwright-core: each missing
 * one is a one-line BenchUsageError saying what to build or install), then opens the browser and
 * chooses its targets. The session stays open for the runs; on an error it is closed.
 */
export async function openBrowserTargets(request: BrowserRequest): Promise<{ session: BrowserSession; specifications: BackendSpecification[] }> {
  const app = locateBrowserApp(request.app);
  const executable = request.chromium ?? chromiumExecutable();
  const missing = browserMissingReason(executable);
  if (missing !== undefined) throw new BenchUsageError(missing);
  const session = await BrowserSession.open(app, executable);
  try {
    return { session, specifications: chooseBrowserBackends(request, await session.backends(), session.version) };
  } catch (error) {
    await session.close();
    throw error;
  }
}
