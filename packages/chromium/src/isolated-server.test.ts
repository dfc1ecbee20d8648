import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BrowserSetupError } from "./errors.js";
import { startIsolatedServer } from "./isolated-server.js";

describe("startIsolatedServer", () => {
  const parent = mkdtempSync(join(tmpdir(), "alexnet-isolated-"));
  const site = join(parent, "site");
  mkdirSync(site);
  writeFileSync(join(site, "index.html"), "<p>hello</p>");
  writeFileSync(join(site, "kernel.wasm"), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(parent, "secret.txt"), "outside the site");
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it("serves the site on 127.0.0.1 with the cross-origin isolation headers and content types", async () => {
    const server = await startIsolatedServer(site);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe("<p>hello</p>");
      expect(page.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(page.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
      expect((await fetch(`${server.url}kernel.wasm`)).headers.get("content-type")).toBe("application/wasm");
      expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
      // An escaped path outside the folder is not served.
      expect((await fetch(`${server.url}..%2Fsecret.txt`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("refuses a folder without index.html, in one line", async () => {
    await expect(startIsolatedServer(parent)).rejects.toThrow(BrowserSetupError);
    await expect(startIsolatedServer(parent)).rejects.toThrow(/has no index\.html: build the site first$/);
  });
});
