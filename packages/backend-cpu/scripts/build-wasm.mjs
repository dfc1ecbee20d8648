// Assembles wasm/gemm-kernel.wat, wasm/ops-kernel.wat, wasm/winograd-kernel.wat and
// wasm/elementwise-kernel.wat into src/gemm/gemm-kernel-binary.ts (the modules as base64), with
// nothing but the npm package `wabt`. The output is committed; src/gemm/gemm-kernel-binary.test.ts
// fails if it drifts from the .wat. Run: npm run build:wasm -w @alexnet-ts/backend-cpu
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { assembleGemmKernel, gemmKernelModuleSource } from "./assemble-wasm.mjs";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const watText = (name) => readFileSync(join(packageRoot, "wasm", name), "utf8");
const outputPath = join(packageRoot, "src", "gemm", "gemm-kernel-binary.ts");

const binaries = await assembleGemmKernel(watText("gemm-kernel.wat"), watText("ops-kernel.wat"), watText("winograd-kernel.wat"), watText("elementwise-kernel.wat"));
// Atomic write: a temporary name in the same folder, then rename.
const temporaryPath = `${outputPath}.${process.pid}.partial`;
writeFileSync(temporaryPath, gemmKernelModuleSource(binaries));
renameSync(temporaryPath, outputPath);
console.log(`wrote ${outputPath} (${binaries.shared.length} bytes of wasm per mul + add variant, ${binaries.fusedShared.length} per fused one)`);
