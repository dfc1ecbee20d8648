import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./test-run-cli.js";

// docs/json-output.md: one table per command, listing every field ("a[].b") with "optional" in its type where it may be missing.
const documentation = readFileSync(new URL("../../../docs/json-output.md", import.meta.url), "utf8");

function documentedFields(command: string): { all: Set<string>; required: Set<string> } {
  const section = documentation.split(/^## /m).find((part) => part.startsWith(`\`alexnet ${command} --json\``));
  if (section === undefined) throw new Error(`docs/json-output.md has no section for ${command}`);
  const all = new Set<string>();
  const required = new Set<string>();
  for (const match of section.matchAll(/^\| `([^`]+)` \| ([^|]+) \|/gm)) {
    all.add(match[1]);
    if (!match[2].includes("optional")) required.add(match[1]);
  }
  return { all, required };
}

/** The leaf fields of a JSON value as "a.b[].c"; arrays that are empty are listed apart, so their fields are not required. */
function leafFields(value: unknown, path = "", leaves = new Set<string>(), empty = new Set<string>()): { leaves: Set<string>; empty: Set<string> } {
  if (Array.isArray(value)) {
    if (value.length === 0) empty.add(`${path}[]`);
    for (const element of value) leafFields(element, `${path}[]`, leaves, empty);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) leafFields(child, path === "" ? key : `${path}.${key}`, leaves, empty);
  } else leaves.add(path);
  return { leaves, empty };
}

function expectDocumented(command: string, stdout: string, schema: string): void {
  const document = JSON.parse(stdout) as { schema: string };
  expect(document.schema).toBe(schema);
  const { all, required } = documentedFields(command);
  const { leaves, empty } = leafFields(document);
  for (const field of leaves) expect(all, `${command}: ${field} is printed but not documented`).toContain(field);
  for (const field of required) {
    if ([...empty].some((array) => field.startsWith(array))) continue;
    expect(leaves, `${command}: ${field} is documented but not printed`).toContain(field);
  }
}

const folder = mkdtempSync(join(tmpdir(), "alexnet-json-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const checkpoint = join(folder, "run", "checkpoint.safetensors");

beforeAll(async () => {
  // The small variant at 16×16 on 24 synthetic images: two steps, a few seconds on the CPU backend.
  const trained = await runCli(["train", "--variant", "small", "--input", "16", "--data", "synthetic", "--limit", "24", "--batch", "12", "--epochs", "1", "--out", join(folder, "run")]);
  expect(trained.code).toBe(0);
});

describe("--json output matches docs/json-output.md", () => {
  it("predict with a checkpoint: predictions, failures, exit code 3 for the unreadable image", async () => {
    const images = join(folder, "images");
    mkdirSync(images, { recursive: true });
    const png = new PNG({ width: 20, height: 20 });
    png.data.fill(128);
    writeFileSync(join(images, "a.png"), PNG.sync.write(png));
    writeFileSync(join(images, "b-corrupt.png"), "not an image");
    const result = await runCli(["predict", "--checkpoint", checkpoint, "--top", "3", "--json", images]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^alexnet: skipped .*b-corrupt\.png: .+\n$/);
    expectDocumented("predict", result.stdout, "alexnet-predict/1");
    const document = JSON.parse(result.stdout) as { predictions: { path: string; top: unknown[] }[]; failures: { path: string }[] };
    expect(document.predictions.map((prediction) => prediction.path)).toEqual([join(images, "a.png")]);
    expect(document.predictions[0].top).toHaveLength(3);
    expect(document.failures.map((failure) => failure.path)).toEqual([join(images, "b-corrupt.png")]);
  });
  it("predict without a checkpoint (the smoke test)", async () => {
    const result = await runCli(["predict", "--variant", "small", "--json", "--top", "10"]);
    expect(result.code).toBe(0);
    expectDocumented("predict", result.stdout, "alexnet-predict/1");
    const document = JSON.parse(result.stdout) as { predictions: { path: null; top: { rank: number }[] }[] };
    // --top is honoured past 5: the small variant has 10 classes.
    expect(document.predictions[0].top.map((entry) => entry.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
  it("eval", async () => {
    const result = await runCli(["eval", "--checkpoint", checkpoint, "--data", "synthetic", "--limit", "24", "--json"]);
    expect(result.code).toBe(0);
    expectDocumented("eval", result.stdout, "alexnet-eval/1");
    const document = JSON.parse(result.stdout) as { split: string; crops: string; count: number; top1: number };
    expect([document.split, document.crops]).toEqual(["test", "centre"]);
    expect(document.top1).toBeGreaterThanOrEqual(0);
    expect(document.top1).toBeLessThanOrEqual(1);
  });
  it("variants", async () => {
    const result = await runCli(["variants", "--json"]);
    expect(result.code).toBe(0);
    expectDocumented("variants", result.stdout, "alexnet-variants/1");
    const document = JSON.parse(result.stdout) as { variants: { name: string; parameters: { total: number } }[] };
    expect(document.variants.find((variant) => variant.name === "torchvision")?.parameters.total).toBe(61_100_840);
  });
  it("backends", async () => {
    const result = await runCli(["backends", "--json"]);
    expect(result.code).toBe(0);
    expectDocumented("backends", result.stdout, "alexnet-backends/1");
  });
});
