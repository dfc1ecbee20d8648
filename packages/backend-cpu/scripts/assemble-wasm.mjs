// Shared by build-wasm.mjs and the drift test: .wat text → wasm bytes.
import wabtFactory from "wabt";

const sharedImport = "(memory 1 65536 shared)";

// Every `acc + x·y` of the kernels (y a local or a vector load), as written in gemm-kernel.wat.
const multiplyAddPattern = /\(f32x4\.add \(local\.get (\$\w+)\) \(f32x4\.mul (\(local\.get \$\w+\)) (\(local\.get \$\w+\)|\(v128\.load [^()]*\([^()]*\)\)|\(v128\.load \(i32\.add \(local\.get \$\w+\) \(local\.get \$\w+\)\)\))\)\)/g;

/**
 * The FMA form of the kernel text: each `(f32x4.add acc (f32x4.mul x y))` becomes
 * `(f32x4.relaxed_madd x y acc)`, which V8 compiles to one fused multiply-add where the CPU has
 * it (vfmadd231ps) and to mul + add elsewhere. Throws if the 4×8 microkernel's eight were not found.
 * @param {string} watText
 * @returns {string}
 */
export function fusedMultiplyAddText(watText) {
  let replaced = 0;
  const fused = watText.replace(multiplyAddPattern, (_, accumulator, x, y) => {
    replaced++;
    return `(f32x4.relaxed_madd ${x} ${y} (local.get ${accumulator}))`;
  });
  if (replaced < 8) throw new Error(`gemm-kernel.wat: found ${replaced} multiply-adds to fuse, expected at least the microkernel's 8`);
  return fused;
}

// The smallest module using relaxed SIMD: WebAssembly.validate on it says whether the engine has it.
const relaxedSimdProbeText =
  '(module (func (export "probe") (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))';

/**
 * Assembles the gemm kernel's WebAssembly text into four modules — mul + add (SIMD128) and fused
 * multiply-add (relaxed SIMD), each importing shared memory (for worker threads) or ordinary
 * memory (for pages without cross-origin isolation) — the ops kernels (wasm/ops-kernel.wat, both
 * memories), the Winograd tile transforms (wasm/winograd-kernel.wat), the streaming kernels
 * (wasm/elementwise-kernel.wat), each importing both memories, and the relaxed-SIMD probe. Each is
 * checked by the JavaScript engine where it can be (wabt.js's own validate() ignores the feature
 * flags and rejects shared memory); relaxed-SIMD modules only where this engine has relaxed SIMD.
 * @param {string} watText
 * @param {string} opsWatText
 * @param {string} winogradWatText
 * @param {string} elementwiseWatText
 * @returns {Promise<import("./assemble-wasm.d.mts").GemmKernelBinaries>}
 */
export async function assembleGemmKernel(watText, opsWatText, winogradWatText, elementwiseWatText) {
  if (!watText.includes(sharedImport)) throw new Error(`gemm-kernel.wat must import its memory as ${sharedImport}`);
  if (!opsWatText.includes(sharedImport)) throw new Error(`ops-kernel.wat must import its memory as ${sharedImport}`);
  if (!winogradWatText.includes(sharedImport)) throw new Error(`winograd-kernel.wat must import its memory as ${sharedImport}`);
  if (!elementwiseWatText.includes(sharedImport)) throw new Error(`elementwise-kernel.wat must import its memory as ${sharedImport}`);
  const wabt = await wabtFactory();
  const assemble = (text, name) => {
    const module = wabt.parseWat(name, text, { simd: true, threads: true, relaxed_simd: true });
    try {
      return module.toBinary({ log: false, write_debug_names: false }).buffer;
    } finally {
      module.destroy();
    }
  };
  const relaxedSimdProbe = assemble(relaxedSimdProbeText, "relaxed-simd-probe.wat");
  const engineHasRelaxedSimd = WebAssembly.validate(relaxedSimdProbe);
  const checked = (bytes, relaxed) => {
    if ((!relaxed || engineHasRelaxedSimd) && !WebAssembly.validate(bytes)) throw new Error("gemm-kernel.wat assembled into a module the engine rejects");
    return bytes;
  };
  const unsharedText = watText.replace(sharedImport, "(memory 1 65536)");
  return {
    shared: checked(assemble(watText, "gemm-kernel.wat"), false),
    unshared: checked(assemble(unsharedText, "gemm-kernel.wat"), false),
    fusedShared: checked(assemble(fusedMultiplyAddText(watText), "gemm-kernel-fma.wat"), true),
    fusedUnshared: checked(assemble(fusedMultiplyAddText(unsharedText), "gemm-kernel-fma.wat"), true),
    opsShared: checked(assemble(opsWatText, "ops-kernel.wat"), false),
    opsUnshared: checked(assemble(opsWatText.replace(sharedImport, "(memory 1 65536)"), "ops-kernel.wat"), false),
    winogradShared: checked(assemble(winogradWatText, "winograd-kernel.wat"), false),
    winogradUnshared: checked(assemble(winogradWatText.replace(sharedImport, "(memory 1 65536)"), "winograd-kernel.wat"), false),
    elementwiseShared: checked(assemble(elementwiseWatText, "elementwise-kernel.wat"), false),
    elementwiseUnshared: checked(assemble(elementwiseWatText.replace(sharedImport, "(memory 1 65536)"), "elementwise-kernel.wat"), false),
    relaxedSimdProbe,
  };
}

/**
 * The TypeScript module that carries the binaries as base64.
 * @param {import("./assemble-wasm.d.mts").GemmKernelBinaries} binaries
 * @returns {string}
 */
export function gemmKernelModuleSource(binaries) {
  const literal = (bytes) =>
    (Buffer.from(bytes).toString("base64").match(/.{1,100}/g) ?? []).map((line) => `  "${line}"`).join(" +\n");
  return `// Generated by scripts/build-wasm.mjs from wasm/gemm-kernel.wat, wasm/ops-kernel.wat, wasm/winograd-kernel.wat and wasm/elementwise-kernel.wat: do not edit.
// Regenerate with \`npm run build:wasm -w @alexnet-ts/backend-cpu\`.

/** The gemm WebAssembly module importing shared memory (worker threads), base64. */
export const gemmKernelSharedBase64 =
${literal(binaries.shared)};

/** The same module importing unshared memory (no SharedArrayBuffer), base64. */
export const gemmKernelUnsharedBase64 =
${literal(binaries.unshared)};

/** The module with fused multiply-adds (relaxed SIMD's f32x4.relaxed_madd), shared memory, base64. */
export const gemmKernelFusedSharedBase64 =
${literal(binaries.fusedShared)};

/** The fused module importing unshared memory, base64. */
export const gemmKernelFusedUnsharedBase64 =
${literal(binaries.fusedUnshared)};

/** The ops kernels (wasm/ops-kernel.wat: LRN forward and backward), shared memory, base64. */
export const opsKernelSharedBase64 =
${literal(binaries.opsShared)};

/** The ops kernels importing unshared memory, base64. */
export const opsKernelUnsharedBase64 =
${literal(binaries.opsUnshared)};

/** The Winograd tile transforms (wasm/winograd-kernel.wat), shared memory, base64. */
export const winogradKernelSharedBase64 =
${literal(binaries.winogradShared)};

/** The Winograd tile transforms importing unshared memory, base64. */
export const winogradKernelUnsharedBase64 =
${literal(binaries.winogradUnshared)};

/** The streaming kernels (wasm/elementwise-kernel.wat: chunk copies and epilogues, ReLU gradient, channel sums, SGD, batch normalization), shared memory, base64. */
export const elementwiseKernelSharedBase64 =
${literal(binaries.elementwiseShared)};

/** The streaming kernels importing unshared memory, base64. */
export const elementwiseKernelUnsharedBase64 =
${literal(binaries.elementwiseUnshared)};

/** A tiny module using f32x4.relaxed_madd: WebAssembly.validate on it says whether relaxed SIMD is there, base64. */
export const relaxedSimdProbeBase64 =
${literal(binaries.relaxedSimdProbe)};
`;
}
