// Measures the ops the WebAssembly ops kernel took over (LRN and max pooling, forward and
// backward, on the small variant's lrn1/pool1 shape at batch 64) against the TypeScript loops, in
// one process, interleaved: median wall and CPU milliseconds (CPU: all threads of the process,
// which stays meaningful when other processes share the cores). Not a test: speed belongs here.
// Run after building: npx turbo run build --filter=@alexnet-ts/backend-cpu &&
//   node packages/backend-cpu/scripts/ops-benchmark.mjs [threads]
import { createCpuBackend, configureGemm } from "../dist/index.js";
const threads = Number(process.argv[2] ?? 1);
const shape = [64, 32, 28, 28];
const n = shape.reduce((a, c) => a * c);
const lrn = { size: 5, alpha: 1e-4, beta: 0.75, k: 2 };
const pool = { kernel: [3, 3], stride: [2, 2], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false };
const cpuMs = (f) => { const c0 = process.cpuUsage(); const t0 = performance.now(); const r = f(); const c = process.cpuUsage(c0); return [(c.user + c.system) / 1000, performance.now() - t0, r]; };
const results = { wasm: {}, typescript: {} };
for (let round = 0; round < 5; round++) {
  for (const kernel of ["auto", "typescript"]) {
    configureGemm({ kernel, threads });
    const b = createCpuBackend();
    const x = b.upload(Float32Array.from({ length: n }, () => Math.random() * 4 - 2), shape);
    const key = kernel === "auto" ? "wasm" : "typescript";
    const record = (name, f) => { const [c, w, r] = cpuMs(f); if (round > 0) (results[key][name] ??= []).push([c, w]); return r; };
    const y = record("lrn forward", () => b.localResponseNorm(x, lrn));
    const dx = record("lrn backward", () => b.localResponseNormBackward(x, y, x, lrn));
    const p = record("pool forward", () => b.maxPool2d(y, pool));
    const dp = record("pool backward", () => b.maxPool2dBackward(y, p, p, pool));
    for (const t of [x, y, dx, p, dp]) b.dispose(t);
  }
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
for (const name of Object.keys(results.wasm)) {
  const w = results.wasm[name], t = results.typescript[name];
  const wc = median(w.map((r) => r[0])), tc = median(t.map((r) => r[0])), ww = median(w.map((r) => r[1])), tw = median(t.map((r) => r[1]));
  console.log(`${name.padEnd(14)} wasm ${ww.toFixed(1)} ms wall / ${wc.toFixed(1)} ms CPU; TypeScript ${tw.toFixed(1)} / ${tc.toFixed(1)}; wall ratio ${(tw / ww).toFixed(2)}x, CPU ratio ${(tc / wc).toFixed(2)}x`);
}
