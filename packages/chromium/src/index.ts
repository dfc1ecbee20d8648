/**
 * @alexnet-ts/chromium: headless Chromium for the project's browser runs — Debian's chromium
 * (ALEXNET_CHROMIUM overrides), driven by playwright-core (an optional peer: imported only when a
 * browser starts), a built static site served on 127.0.0.1 with the cross-origin isolation
 * headers. The web app's tests and `alexnet bench`'s browser rows both use it, so neither app
 * imports the other.
 */
export { BrowserSetupError } from "./errors.js";
export { browserMissingReason, chromiumExecutable, chromiumVersion, defaultChromiumPath } from "./executable.js";
export { isolationHeaders, startIsolatedServer, type IsolatedServer } from "./isolated-server.js";
export { chromiumArguments, launchChromium, type LaunchedChromium, type LaunchOptions } from "./launch.js";
/** playwright-core's types, for callers that drive pages (type-only: nothing loads playwright-core until a launch). */
export type { BrowserContext, Page } from "playwright-core";
