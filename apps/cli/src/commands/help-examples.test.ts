import { describe, expect, it } from "vitest";
import { runCli } from "../test-run-cli.js";

describe("--help shows examples", () => {
  it.each(["variants", "backends", "predict", "new-backend", "bench", "train", "eval"])("alexnet %s --help has examples that name the command", async (name) => {
    const help = await runCli([name, "--help"]);
    expect(help.code).toBe(0);
    const examples = help.stdout.split(/\nExamples?:\n/)[1];
    expect(examples, `${name} --help`).toBeDefined();
    expect(examples.split("\n").filter((line) => line.trim().startsWith(`alexnet ${name}`)).length).toBeGreaterThan(0);
  });

  it("marks bench's --backends as required unless --browser is given", async () => {
    expect((await runCli(["bench", "--help"])).stdout).toMatch(/--backends <names>\s+\(required unless --browser\)/);
  });
});

describe("a backend package that does not load", () => {
  it("is told to build when its built module is missing, to reinstall otherwise", async () => {
    const { loadFailureHint } = await import("@alexnet-ts/registry");
    expect(loadFailureHint("Cannot find module '/repo/packages/backend-my-gpu/dist/index.js' imported from /repo/apps/cli/dist/backends.js")).toBe("build it: npx turbo run build (or npm run build in its package folder)");
    expect(loadFailureHint("@alexnet-ts/backend-x does not export backendProviders")).toBe("reinstall the package (npm install)");
  });
});
