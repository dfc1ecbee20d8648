import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./test-run-cli.js";

// The documents' example outputs are pasted from the command: check they still match it.
const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const summaries = readFileSync(new URL("../../../docs/summaries.md", import.meta.url), "utf8");

/** The first fenced block after a heading line of a document. */
function blockAfter(document: string, heading: string): string {
  const start = document.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`the document has no heading "${heading}"`);
  const open = document.indexOf("```", start);
  const bodyStart = document.indexOf("\n", open) + 1;
  return document.slice(bodyStart, document.indexOf("```", bodyStart));
}

describe("docs/summaries.md", () => {
  it.each([
    ["### `rich` (the default)", ["summary", "--variant", "paper"]],
    ["### `keras`", ["summary", "--variant", "seed-keras", "--format", "keras"]],
    ["### `torch`", ["summary", "--variant", "seed-torch", "--format", "torch"]],
  ])("%s shows the command's real output", async (heading, args) => {
    expect(blockAfter(summaries, heading)).toBe((await runCli(args)).stdout);
  });

  it("the json excerpt is the start and the end of the real output", async () => {
    const excerpt = blockAfter(summaries, "### `json`").split("\n    …\n");
    const output = (await runCli(["summary", "--variant", "small", "--format", "json"])).stdout;
    expect(excerpt).toHaveLength(2);
    expect(output.startsWith(excerpt[0])).toBe(true);
    expect(output.endsWith(excerpt[1])).toBe(true);
  });
});

describe("README", () => {
  it("the quick start is the two commands", () => {
    expect(blockAfter(readme, "## Quick start")).toBe("npm ci && npm run build && npx alexnet summary --variant paper\nnpm test\n");
  });
});
