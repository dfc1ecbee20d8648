/**
 * Something a browser run needs is missing (Chromium, playwright-core, a built site): one line
 * saying what, and what to install or run. Callers turn it into exit code 2 before any work.
 */
export class BrowserSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BrowserSetupError";
  }
}
