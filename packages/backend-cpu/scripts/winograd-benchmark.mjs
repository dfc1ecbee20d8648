// Times AlexNet's 3×3 stride-1 convolutions — forward (with bias and ReLU), input gradient and
// filter gradient — by im2col + gemm and by Winograd F(2×2, 3×3), interleaved in one process so
// machine load hits both alike (not a test: speed belongs here and in apps/bench). Prints medians
// in ms and GFLOP/s-equivalent: the direct convolution's 2·N·O·Ho·Wo·(C/groups)·9 flops over the
// time, so the two algorithms compare on the same work. CPU: all threads of the process, which
// stays meaningful when other processes share the cores.
// Run after building: npx turbo run build --filter=@alexnet-ts/backend-cpu &&
//   node packages/backend-cpu/scripts/winograd-benchmark.mjs [--threads 1] [--repeats 5] [--layers seed-keras|small|all]
import { closeGemm, configureConvolution, configureGemm, createCpuBackend, gemmInfo } from "../dist/index.js";

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? fallback : process.argv[index + 1];
}
function count(name, fallback) {
  const value = Number(option(name, fallback));
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a positive integer, got ${option(name, fallback)}`);
    process.exit(2);
  }
  return value;
}

const threads = count("threads", 2);
const repeats = count("repeats", 5);
const which = option("layers", "seed-keras");
if (!["seed-keras", "small", "all"].includes(which)) {
  console.error(`--layers must be seed-keras, small or all, got ${which}`);
  process.exit(2);
}

// [name, input [N, C, H, W], output channels, groups]; all 3×3, stride 1, padding 1.
const layers = [
  ...(which === "small" ? [] : [
    ["seed-keras conv3", [32, 256, 13, 13], 384, 1],
    ["seed-keras conv4", [32, 384, 13, 13], 384, 1],
    ["seed-keras conv5", [32, 384, 13, 13], 256, 1],
    ["paper conv4 (2 groups)", [32, 384, 13, 13], 384, 2],
    ["seed-keras conv3, batch 1", [1, 256, 13, 13], 384, 1],
  ]),
  ...(which === "seed-keras" ? [] : [
    ["small conv3", [64, 64, 6, 6], 96, 1],
    ["small conv4 (2 groups)", [64, 96, 6, 6], 96, 2],
    ["small conv5 (2 groups)", [64, 96, 6, 6], 64, 2],
  ]),
];

const algorithms = ["gemm", "winograd"];
const random = (length) => Float32Array.from({ length }, () => Math.random() * 2 - 1);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

configureGemm({ threads });
const backend = createCpuBackend();
console.log(`Winograd benchmark, Node ${process.version}: ${gemmInfo()}; median of ${repeats} interleaved runs after 1 warm-up`);
console.log(`${"layer / op".padEnd(44)} ${"GFLOP".padStart(6)} ${algorithms.map((name) => `${name} ms (GFLOP/s, CPU ms)`.padStart(30)).join("")} ${"speed-up".padStart(9)}`);
for (const [name, input, outChannels, groups] of layers) {
  const [batch, channels, height, width] = input;
  const filterShape = [outChannels, channels / groups, 3, 3];
  const options = { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups };
  const outputShape = [batch, outChannels, height, width];
  const x = backend.upload(random(batch * channels * height * width), input);
  const filter = backend.upload(random(filterShape.reduce((a, b) => a * b)), filterShape);
  const bias = backend.upload(random(outChannels), [outChannels]);
  const dy = backend.upload(random(outputShape.reduce((a, b) => a * b)), outputShape);
  const flops = 2 * batch * outChannels * height * width * (channels / groups) * 9;
  const ops = [
    ["forward + bias + ReLU", () => backend.conv2dBiasActivation(x, filter, bias, { ...options, activation: "relu" })],
    ["input gradient", () => backend.conv2dBackwardInput(dy, filter, input, options)],
    ["filter gradient", () => backend.conv2dBackwardFilter(x, dy, filterShape, options)],
  ];
  for (const [opName, run] of ops) {
    const wall = algorithms.map(() => []);
    const cpu = algorithms.map(() => []);
    for (let repeat = 0; repeat <= repeats; repeat++) {
      algorithms.forEach((algorithm, index) => {
        configureConvolution({ algorithm });
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        backend.dispose(run());
        const elapsed = performance.now() - start;
        const used = process.cpuUsage(cpuStart);
        if (repeat > 0) {
          wall[index].push(elapsed);
          cpu[index].push((used.user + used.system) / 1000);
        }
      });
    }
    const cells = algorithms.map((_, index) => {
      const ms = median(wall[index]);
      return `${ms.toFixed(1)} (${(flops / ms / 1e6).toFixed(1)}, ${median(cpu[index]).toFixed(0)})`.padStart(30);
    });
    const speedUp = median(wall[0]) / median(wall[1]);
    console.log(`${`${name} ${opName}`.padEnd(44)} ${(flops / 1e9).toFixed(2).padStart(6)} ${cells.join("")} ${`${speedUp.toFixed(2)}×`.padStart(9)}`);
  }
  for (const tensor of [x, filter, bias, dy]) backend.dispose(tensor);
}
configureConvolution({ algorithm: "auto" });
await closeGemm();
