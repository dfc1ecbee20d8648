import { BrowserSetupError, launchChromium, startIsolatedServer, type IsolatedServer, type LaunchedChromium, type Page } from "@alexnet-ts/chromium";
import { BrowserPage, offeredBackends, openBenchPage, type OfferedBackend } from "./browser-page.js";
import { BenchUsageError } from "./errors.js";

/**
 * Headless Chromium on the built web app, served on 127.0.0.1 with the isolation headers (so
 * the cpu backend has threads): one page lists the backends (and becomes the first target's),
 * then one page per browser target. `close` ends the browser and the server.
 */
export class BrowserSession {
  /** The page that listed the backends, kept for the first target (each page loads every backend package to list them). */
  private spare: Page | undefined;

  private constructor(
    private readonly server: IsolatedServer,
    private readonly chromium: LaunchedChromium,
  ) {}

  /** Serves `appFolder` and launches Chromium; a missing browser or playwright-core is a BenchUsageError. */
  static async open(appFolder: string, executablePath: string): Promise<BrowserSession> {
    const server = await startIsolatedServer(appFolder);
    try {
      return new BrowserSession(server, await launchChromium({ executablePath }));
    } catch (error) {
      await server.close();
      if (error instanceof BrowserSetupError) throw new BenchUsageError(error.message);
      throw error;
    }
  }

  /** The browser and its version ("Chromium 156.0.8078.114"). */
  get version(): string {
    return this.chromium.version;
  }

  /** Every backend the web app offers in this browser, available or not. */
  async backends(): Promise<OfferedBackend[]> {
    this.spare ??= await openBenchPage(() => this.chromium.context.newPage(), this.server.url);
    return offeredBackends(this.spare);
  }

  /** A Bench page of its own for one target. */
  async openTarget(): Promise<BrowserPage> {
    const page = this.spare ?? (await openBenchPage(() => this.chromium.context.newPage(), this.server.url));
    this.spare = undefined;
    return new BrowserPage(page, this.version);
  }

  async close(): Promise<void> {
    await this.chromium.close().catch(() => undefined);
    await this.server.close();
  }
}
