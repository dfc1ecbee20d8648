// Runs the Bench page's model-level workloads in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; WebGPU on SwiftShader) and prints the rows as a markdown table:
//
//   node apps/web/scripts/bench-in-chromium.mjs [backends] [batch] [repeats]
//   node apps/web/scripts/bench-in-chromium.mjs cpu,tfjs-wasm,gpujs-webgl 8 5
//
// Build the app first (npm run build -w @alexnet-ts/web). Each row names the engine that really ran.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startStaticServer } from "./serve.mjs";

const [backendList = "cpu,tfjs-wasm,tfjs-cpu,tfjs-webgl,tfjs-webgpu,gpujs-webgl,gpujs-webgpu,gpujs-wasm", batchText = "8", repeatsText = "5"] = process.argv.slice(2);
const backends = backendList.split(",").filter((name) => name !== "");
const executablePath = process.env.ALEXNET_CHROMIUM ?? "/usr/bin/chromium";
const server = await startStaticServer().catch((error) => {
  console.error(error.message);
  process.exit(2);
});
const profile = mkdtempSync(join(tmpdir(), "alexnet-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--enable-unsafe-webgpu", "--use-webgpu-adapter=swiftshader", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await context.newPage();
  await page.goto(`${server.url}#bench`);
  await page.waitForSelector("input[name=bench-backend]", { state: "attached" });
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? navigator.userAgent);
  await page.evaluate((wanted) => {
    for (const box of document.querySelectorAll("input[name=bench-backend]")) box.checked = wanted.includes(box.value) && !box.disabled;
  }, backends);
  await page.fill("input[name=batch]", batchText);
  await page.fill("input[name=repeats]", repeatsText);
  await page.getByTestId("bench-run").click();
  await page.waitForFunction(() => /^done/.test(document.querySelector(".status")?.textContent ?? ""), null, { timeout: 600_000 });
  const rows = JSON.parse((await page.getByTestId("bench-table").getAttribute("data-json")) ?? "[]");
  const failures = await page.getByTestId("bench-error").innerText();
  console.log(`${version} (Chromium, headless), variant small, batch ${batchText}, median of ${repeatsText} after 1 warm-up`);
  console.log("| backend | workload | median ms | images/s | engine |\n|---|---|---:|---:|---|");
  for (const row of rows) console.log(`| browser:${row.backend} | ${row.workload} | ${row.medianMilliseconds.toFixed(1)} | ${row.imagesPerSecond.toFixed(1)} | ${row.engine} |`);
  if (failures.trim() !== "") console.log(`failed: ${failures}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await server.close();
}
