import type { Page } from "@alexnet-ts/chromium";
import type { BenchProcess } from "./child.js";
import type { ChildMessage, ParentMessage } from "./protocol.js";

/**
 * The requests and answers of the web app's bench hook (`window.alexnetBench`, apps/web's
 * bench-hook.ts), as JSON: this app keeps its own copy of the shapes, since no app imports another.
 */
type HookRequest =
  | { readonly kind: "bench-setup"; readonly backend: string; readonly model: { readonly variant: string; readonly options: object }; readonly seed: number }
  | { readonly kind: "bench-run"; readonly workload: string; readonly batch: number; readonly warmup: number; readonly runs: number }
  | { readonly kind: "bench-stop" };
type HookAnswer =
  | { readonly kind: "bench-ready"; readonly engine: string }
  | { readonly kind: "bench-result"; readonly milliseconds: readonly number[]; readonly engine: string }
  | { readonly kind: "bench-stopped" }
  | { readonly kind: "error"; readonly message: string };

/** A backend as the browser's page offers it. */
export interface OfferedBackend {
  readonly name: string;
  readonly available: boolean;
  readonly reason?: string;
}

/** The hook's request for one of the benchmark's messages (model-level workloads only), or an error line. */
function hookRequest(message: ParentMessage): HookRequest | string {
  if (message.type === "setup") {
    if (message.peer !== undefined) return "peers run in Node only";
    return { kind: "bench-setup", backend: message.backend, model: { variant: message.variant, options: message.variantOptions }, seed: message.seed };
  }
  if (message.type === "run") {
    if (message.workload.kind !== "model") return "op-level workloads run in Node only";
    return { kind: "bench-run", workload: message.workload.id, batch: message.workload.batch, warmup: message.warmup, runs: message.runs };
  }
  return { kind: "bench-stop" };
}

/**
 * One browser target: a long-lived page of the web app's Bench page, whose compute worker holds
 * one backend and model (each page its own worker, so tfjs's one engine per realm holds). It
 * answers the same messages as a Node child, one run per request, so the benchmark interleaves
 * it with the Node children.
 */
export class BrowserPage implements BenchProcess {
  private gone: string | undefined;

  constructor(
    private readonly page: Page,
    /** The browser and its version ("Chromium 156.0.8078.114"), reported with the setup. */
    private readonly browser: string,
  ) {
    page.on("crash", () => void (this.gone ??= "the browser page crashed (out of memory?)"));
    page.on("close", () => void (this.gone ??= "the browser page was closed"));
  }

  get exited(): string | undefined {
    return this.gone;
  }

  async request(message: ParentMessage): Promise<ChildMessage> {
    if (this.gone !== undefined) throw new Error(this.gone);
    const request = hookRequest(message);
    if (typeof request === "string") return { type: "error", message: request };
    const answer = await this.page.evaluate((sent) => (window as unknown as { alexnetBench: { request(request: unknown): Promise<unknown> } }).alexnetBench.request(sent), request) as HookAnswer;
    switch (answer.kind) {
      case "bench-ready":
        return { type: "ready", engine: answer.engine, browser: this.browser };
      case "bench-result":
        return { type: "result", milliseconds: answer.milliseconds, engine: answer.engine };
      case "error":
        return { type: "error", message: answer.message };
      default:
        return { type: "error", message: `the page answered ${answer.kind}` };
    }
  }

  async stop(): Promise<void> {
    if (this.gone === undefined) await this.request({ type: "stop" }).catch(() => undefined);
    this.gone ??= "stopped";
    await this.page.close().catch(() => undefined);
  }

  kill(): void {
    this.gone ??= "stopped";
    void this.page.close().catch(() => undefined);
  }
}

/** Opens the site's Bench page and waits for its hook. */
export async function openBenchPage(newPage: () => Promise<Page>, url: string): Promise<Page> {
  const page = await newPage();
  await page.goto(`${url}#bench`);
  await page.waitForFunction(() => "alexnetBench" in window, null, { timeout: 60_000 }).catch(() => {
    throw new Error(`${url}#bench has no benchmark hook (window.alexnetBench): is it this repository's web app, built from the same commit?`);
  });
  return page;
}

/** The backends the page offers in this browser (available or not, with the reason). */
export async function offeredBackends(page: Page): Promise<OfferedBackend[]> {
  const rows = (await page.evaluate(() => (window as unknown as { alexnetBench: { backends(): Promise<unknown> } }).alexnetBench.backends())) as OfferedBackend[];
  return rows.map((row) => ({ name: row.name, available: row.available, ...(row.reason !== undefined && { reason: row.reason }) }));
}
