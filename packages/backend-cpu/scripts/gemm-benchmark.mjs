// Measures the gemm paths on AlexNet's matrix-multiply shapes (not a test:
// speed belongs here and in apps/bench). Interleaves the paths so machine load
// hits them alike, and prints the median GFLOP/s of each: wall clock, and in
// parentheses per CPU-second of the whole process (all threads), which stays
// meaningful when other processes share the cores.
// Run after building: npx turbo run build --filter=@alexnet-ts/backend-cpu &&
//   node packages/backend-cpu/scripts/gemm-benchmark.mjs [--batch 32] [--repeats 7]
import { activeGemmKernel, allocateGemmArray, closeGemm, configureGemm, gemm, gemmInfo } from "../dist/gemm/index.js";

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a positive integer, got ${process.argv[index + 1]}`);
    process.exit(2);
  }
  return value;
}

const batch = option("batch", 32);
const repeats = option("repeats", 7);

// [name, M, N, K, transposeA, transposeB]: C[M×N] = op(A)[M×K]·op(B)[K×N].
const shapes = [
  ["conv1 forward (im2col, 1 image)", 96, 3025, 363, false, false],
  ["conv2 forward (1 group, 1 image)", 128, 729, 1200, false, false],
  ["conv3 forward (1 image)", 384, 169, 2304, false, false],
  [`conv3 forward (${batch} images)`, 384, 169 * batch, 2304, false, false],
  ["conv3 input grad Wᵀ·dY (1 image)", 2304, 169, 384, true, false],
  ["conv2 filter grad dY·colsᵀ (1 image)", 128, 1200, 729, false, true],
  ["fc6 forward (batch 1)", 1, 4096, 9216, false, true],
  [`fc6 forward (batch ${batch})`, batch, 4096, 9216, false, true],
  [`fc6 input grad dY·W (batch ${batch})`, batch, 9216, 4096, false, false],
  [`fc6 weight grad dYᵀ·X (batch ${batch})`, 4096, 9216, batch, true, false],
];

// Where the engine has relaxed SIMD (Node ≥ 22), the fused multiply-add kernel runs beside mul + add.
configureGemm({ kernel: "auto" });
const hasFma = activeGemmKernel() === "fma";

// [name, settings, operands allocated in wasm memory (used in place, no copies)]
const paths = [
  ["TypeScript blocked", { kernel: "typescript", threads: 1 }, false],
  ["wasm 1 thread", { kernel: "simd128", threads: 1 }, false],
  ["wasm 2 threads", { kernel: "simd128", threads: 2 }, false],
  ["wasm 1 in place", { kernel: "simd128", threads: 1 }, true],
  ["wasm 2 in place", { kernel: "simd128", threads: 2 }, true],
  ...(hasFma
    ? [
        ["fma 1 in place", { kernel: "fma", threads: 1 }, true],
        ["fma 2 in place", { kernel: "fma", threads: 2 }, true],
      ]
    : []),
];

const random = (length) => Float32Array.from({ length }, () => Math.random() * 2 - 1);
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

configureGemm({ kernel: "auto", threads: 2 });
console.log(`gemm benchmark: ${gemmInfo()} available; batch ${batch}; median of ${repeats} interleaved runs; GFLOP/s wall (per CPU-second)`);
console.log(`${"shape".padEnd(40)} ${"M×N×K".padEnd(20)} ${paths.map(([name]) => name.padStart(19)).join("")}`);
for (const [name, m, n, k, transposeA, transposeB] of shapes) {
  const params = {
    m, n, k,
    a: random(m * k), lda: transposeA ? m : k, transposeA,
    b: random(k * n), ldb: transposeB ? k : n, transposeB,
    c: new Float32Array(m * n), ldc: n, accumulate: false,
  };
  const inWasm = (array) => {
    const inside = allocateGemmArray(array.length);
    inside.set(array);
    return inside;
  };
  const inPlace = { ...params, a: inWasm(params.a), b: inWasm(params.b), c: inWasm(params.c) };
  const flops = 2 * m * n * k;
  const seconds = paths.map(() => []);
  const cpuSeconds = paths.map(() => []);
  // Slow paths on big shapes get fewer runs so the whole benchmark stays short.
  for (let repeat = 0; repeat <= repeats; repeat++) {
    paths.forEach(([, settings, useWasmArrays], index) => {
      if (index === 0 && repeat > 2 && flops > 1e9) return;
      configureGemm(settings);
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      gemm(useWasmArrays ? inPlace : params);
      const elapsed = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      // The first run warms up (tier-up, workers, memory).
      if (repeat > 0) {
        seconds[index].push(elapsed);
        cpuSeconds[index].push((cpu.user + cpu.system) / 1e6);
      }
    });
  }
  const rates = seconds.map((list, index) =>
    `${(flops / median(list) / 1e9).toFixed(1)} (${(flops / median(cpuSeconds[index]) / 1e9).toFixed(1)})`.padStart(19),
  );
  console.log(`${name.padEnd(40)} ${`${m}×${n}×${k}`.padEnd(20)} ${rates.join("")}`);
}
await closeGemm();
