import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reportError } from "./errors.js";
import { runCli } from "./test-run-cli.js";

/** A failed run: one line on stderr naming the problem, nothing on stdout, no stack trace. */
function expectOneLine(result: { code: number; stdout: string; stderr: string }, code: number, pattern: RegExp): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe("");
  expect(result.stderr.endsWith("\n")).toBe(true);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(/^alexnet: /);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe("alexnet: usage errors end with one line and exit code 2", () => {
  it("an unknown variant", async () => {
    expectOneLine(await runCli(["summary", "--variant", "resnet"]), 2, /unknown variant "resnet"; choose one of: paper, seed-keras, seed-torch, torchvision, small/);
  });
  it("zero classes", async () => {
    expectOneLine(await runCli(["summary", "--classes", "0"]), 2, /--classes must be a whole number of at least 1, but is "0"/);
  });
  it("an input too small for the variant", async () => {
    expectOneLine(await runCli(["summary", "--input", "8"]), 2, /conv1 needs an input of at least 11×11 .* but gets 8×8/);
    expectOneLine(await runCli(["summary", "--input", "200"]), 2, /fc6 expects 9216 input features, but pool5 gives 256×5×5 = 6400/);
  });
  it("numbers that are not plain whole numbers", async () => {
    for (const value of ["abc", "-3", "2.5", "1e3", "", " 7", "0x10"]) {
      expectOneLine(await runCli(["summary", "--batch", value]), 2, new RegExp(`--batch must be a whole number of at least 1, but is "${value.replace(/[.+]/g, "\\$&")}"`));
    }
    expectOneLine(await runCli(["summary", "--dropout", "1"]), 2, /--dropout must be a number from 0 up to \(but not including\) 1, but is "1"/);
    expectOneLine(await runCli(["summary", "--dropout", "half"]), 2, /--dropout must be a number/);
  });
  it("a wrong choice, an unknown option, a missing value, an unknown command", async () => {
    expectOneLine(await runCli(["summary", "--format", "xml"]), 2, /--format must be one of rich, keras, torch, json, but is "xml"/);
    expectOneLine(await runCli(["summary", "--activation", "swish"]), 2, /--activation must be one of relu, tanh/);
    expectOneLine(await runCli(["summary", "--bogus"]), 2, /unknown option '--bogus'/);
    expectOneLine(await runCli(["summary", "--classes"]), 2, /option '--classes <n>' argument missing/);
    expectOneLine(await runCli(["sumary"]), 2, /unknown command 'sumary' \(Did you mean summary\?\)/);
  });
  it("no stack trace even with --debug: the input is wrong, not the program", async () => {
    expectOneLine(await runCli(["summary", "--variant", "resnet", "--debug"]), 2, /unknown variant/);
  });
});

describe("alexnet: help and version", () => {
  it("--version prints the package's version", async () => {
    const version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
    expect(await runCli(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
  it("--help works on the program and on every command", async () => {
    const top = await runCli(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: alexnet/);
    for (const command of ["summary", "variants"]) {
      expect(top.stdout).toMatch(new RegExp(`^  ${command}`, "m"));
      const help = await runCli([command, "--help"]);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`Usage: alexnet ${command}`);
    }
    const summaryHelp = (await runCli(["summary", "--help"])).stdout;
    for (const flag of ["--variant", "--format", "--classes", "--input", "--batch", "--activation", "--normalization", "--pooling", "--dropout"]) {
      expect(summaryHelp).toContain(flag);
    }
  });
  it("no command prints the help on stderr and exits 2", async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: alexnet");
  });
});

describe("alexnet: internal errors", () => {
  const capture = (): { io: Parameters<typeof reportError>[1]; text: () => string } => {
    let text = "";
    return { io: { stdout: () => undefined, stderr: (chunk) => void (text += chunk), env: {} }, text: () => text };
  };
  it("print one line and exit 1, with a pointer to --debug", () => {
    const { io, text } = capture();
    expect(reportError(new TypeError("cannot read properties of undefined"), io, false)).toBe(1);
    expect(text()).toBe("alexnet: cannot read properties of undefined (run again with --debug for the stack trace)\n");
  });
  it("print the stack trace with --debug", () => {
    const { io, text } = capture();
    expect(reportError(new Error("boom"), io, true)).toBe(1);
    expect(text()).toMatch(/^alexnet: boom\nError: boom\n\s+at /);
  });
});
