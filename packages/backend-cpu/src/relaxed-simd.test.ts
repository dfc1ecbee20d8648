import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { relaxedSimdProbeBase64 } from "./gemm/gemm-kernel-binary.js";
import { hasRelaxedSimd } from "./gemm/wasm-gemm.js";

// The fused multiply-add kernel needs relaxed SIMD, which Node 20 (CI's Node) has only behind a
// flag. Where this process lacks it, this test runs the gemm tests (every shape and edge against
// the float64 bound) and the convolution tests (im2col and Winograd, against the float64 reference)
// again in a child vitest on a Node that has it, with
// ALEXNET_CPU_KERNEL=fma forcing the fused kernel everywhere: Node 22 from npm where ALEXNET_NODE22 names one (.ci/run installs
// it), else this Node with --experimental-wasm-relaxed-simd (threads pool: V8 flags are
// process-wide, so the test workers inherit it).
const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
const vitestEntry = `${repositoryRoot}node_modules/vitest/vitest.mjs`;

function probeValidates(node: string, flags: string[]): boolean {
  const script = `process.exit(WebAssembly.validate(Buffer.from(${JSON.stringify(relaxedSimdProbeBase64)}, "base64")) ? 0 : 1)`;
  return spawnSync(node, [...flags, "-e", script], { timeout: 30_000 }).status === 0;
}

function relaxedSimdNode(): { node: string; flags: string[] } | undefined {
  const node22 = process.env.ALEXNET_NODE22;
  if (node22 !== undefined && existsSync(node22) && probeValidates(node22, [])) return { node: node22, flags: [] };
  const flags = ["--experimental-wasm-relaxed-simd"];
  return probeValidates(process.execPath, flags) ? { node: process.execPath, flags } : undefined;
}

const inProcess = hasRelaxedSimd();
const child = inProcess ? undefined : relaxedSimdNode();
const skipReason = inProcess
  ? "this Node has relaxed SIMD: gemm.test.ts runs the fma kernel in-process, and every other test uses it"
  : child === undefined
    ? "no Node with relaxed SIMD here (set ALEXNET_NODE22 to a Node ≥ 22 binary; this Node rejects --experimental-wasm-relaxed-simd)"
    : undefined;
if (skipReason !== undefined) console.warn(`relaxed-SIMD child check skipped: ${skipReason}`);

describe("the fused multiply-add (relaxed SIMD) kernel", () => {
  it.skipIf(skipReason !== undefined)(
    `passes the gemm and convolution (im2col and Winograd) tests on a Node with relaxed SIMD${skipReason === undefined ? "" : ` (skipped: ${skipReason})`}`,
    () => {
      const environment: NodeJS.ProcessEnv = { ...process.env, ALEXNET_CPU_KERNEL: "fma", NO_COLOR: "1" };
      for (const name of Object.keys(environment)) if (name.startsWith("VITEST") || name === "NODE_OPTIONS") delete environment[name];
      const result = spawnSync(
        child!.node,
        [...child!.flags, vitestEntry, "run", "--project", "backend-cpu", "--pool=threads", "src/gemm/gemm.test.ts", "src/convolution.test.ts", "src/winograd/winograd.test.ts"],
        { cwd: repositoryRoot, env: environment, encoding: "utf8", timeout: 900_000 },
      );
      const output = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
      expect(result.status, output.slice(-3000)).toBe(0);
      // All three files ran, and gemm.test.ts's per-kernel cases include the fused kernel's.
      expect(output).toMatch(/Test Files\s+3 passed \(3\)/);
      expect(output).toMatch(/Tests\s+\d+ passed/);
      expect(output).not.toMatch(/\d+ failed/);
    },
    960_000,
  );
});
