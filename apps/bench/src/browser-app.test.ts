import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { locateBrowserApp } from "./browser-app.js";

describe("locateBrowserApp", () => {
  const root = mkdtempSync(join(tmpdir(), "alexnet-browser-app-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("takes a given folder with index.html, and refuses one without, saying which build makes it", () => {
    const site = join(root, "site");
    mkdirSync(site);
    writeFileSync(join(site, "index.html"), "");
    expect(locateBrowserApp(site)).toBe(site);
    expect(() => locateBrowserApp(root)).toThrow(`--browser-app ${root} has no index.html: give the folder of the built web app (npx turbo run build --filter=@alexnet-ts/web makes apps/web/dist)`);
  });

  it("finds the installed package marked as a browser app, and says to build it when its site is missing", () => {
    const project = join(root, "project");
    const app = join(project, "node_modules", "@alexnet-ts", "some-app");
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "@alexnet-ts/some-app", "alexnet-ts": { browserApp: "built" } }));
    expect(() => locateBrowserApp(undefined, join(project, "deep"))).toThrow(`the web app (@alexnet-ts/some-app) is not built, ${join(app, "built", "index.html")} is missing: run npx turbo run build --filter=@alexnet-ts/web`);
    mkdirSync(join(app, "built"));
    writeFileSync(join(app, "built", "index.html"), "");
    expect(locateBrowserApp(undefined, join(project, "deep"))).toBe(join(app, "built"));
  });

  it("finds this repository's web app from the bench's own folder (built or not)", () => {
    let found: string;
    try {
      found = locateBrowserApp(undefined);
    } catch (error) {
      found = (error as Error).message;
    }
    expect(found).toMatch(/apps\/web\/dist($|\/index\.html is missing)/);
  });
});
