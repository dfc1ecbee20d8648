import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BrowserSetupError } from "./errors.js";
import { browserMissingReason, chromiumExecutable, chromiumVersion, defaultChromiumPath } from "./executable.js";

describe("finding Chromium", () => {
  it("takes ALEXNET_CHROMIUM when set, else Debian's /usr/bin/chromium", () => {
    expect(chromiumExecutable({ ALEXNET_CHROMIUM: "/opt/chrome/chrome" })).toBe("/opt/chrome/chrome");
    expect(chromiumExecutable({ ALEXNET_CHROMIUM: "" })).toBe(defaultChromiumPath);
    expect(chromiumExecutable({})).toBe("/usr/bin/chromium");
  });

  it("a missing binary is one line saying what to install", () => {
    expect(browserMissingReason("/nonexistent/chromium")).toBe(
      "no Chromium at /nonexistent/chromium: install Debian's chromium (bash .ci/install-browser.sh) or set ALEXNET_CHROMIUM to a Chromium binary",
    );
    expect(() => chromiumVersion("/nonexistent/chromium")).toThrow(BrowserSetupError);
  });

  it("a missing playwright-core is one line saying what to install", () => {
    const notInstalled = (name: string): string => {
      throw new Error(`Cannot find module '${name}'`);
    };
    expect(browserMissingReason(process.execPath, notInstalled)).toBe(
      "playwright-core is not installed: npm install --no-save playwright-core@1.65.1 (it drives the Chromium that .ci/install-browser.sh installs)",
    );
    expect(browserMissingReason(process.execPath, () => "/somewhere/playwright-core/index.js")).toBeUndefined();
  });

  it("a binary that is not a browser is refused", () => {
    expect(() => chromiumVersion(process.execPath)).toThrow(/did not answer with a browser version/);
  });

  const reason = existsSync(defaultChromiumPath) ? undefined : `no Chromium at ${defaultChromiumPath} (bash .ci/install-browser.sh)`;
  it.skipIf(reason !== undefined)(`reads Debian's Chromium version${reason === undefined ? "" : ` (skipped: ${reason})`}`, () => {
    expect(browserMissingReason(defaultChromiumPath)).toBeUndefined();
    expect(chromiumVersion(defaultChromiumPath)).toMatch(/^Chromium \d+\.\d+\.\d+\.\d+$/);
  });
});
