// Measures the error of AlexNet's 3×3 stride-1 convolutions — forward, input gradient, filter
// gradient — by im2col + gemm and by Winograd F(2×2, 3×3) against the float64 reference
// (@alexnet-ts/conformance/reference), on the same seeded inputs uniform in [−1, 1). Prints the
// worst absolute error, that over the largest |reference| value (the scale a float32 sum's error
// grows with; the conformance suite allows 1e-4 relative + 2e-5 of it), and the worst relative
// error among elements at least 1% of the largest. Not a test (winograd.test.ts checks the bound).
// Run after building: npx turbo run build --filter=@alexnet-ts/backend-cpu --filter=@alexnet-ts/conformance &&
//   node packages/backend-cpu/scripts/winograd-accuracy.mjs [--batch 1]
import { referenceConv2d, referenceConv2dBackwardFilter, referenceConv2dBackwardInput, referenceTensor } from "@alexnet-ts/conformance/reference";
import { closeGemm, configureConvolution, createCpuBackend, gemmInfo } from "../dist/index.js";

const batchIndex = process.argv.indexOf("--batch");
const batch = batchIndex < 0 ? 1 : Number(process.argv[batchIndex + 1]);
if (!Number.isInteger(batch) || batch < 1) {
  console.error(`--batch needs a positive integer, got ${process.argv[batchIndex + 1]}`);
  process.exit(2);
}

// [name, input [N, C, H, W], output channels, groups]; 3×3, stride 1, padding 1.
const layers = [
  ["seed-keras conv3", [batch, 256, 13, 13], 384, 1],
  ["seed-keras conv4", [batch, 384, 13, 13], 384, 1],
  ["seed-keras conv5", [batch, 384, 13, 13], 256, 1],
  ["small conv3", [8 * batch, 64, 6, 6], 96, 1],
  ["small conv4", [8 * batch, 96, 6, 6], 96, 2],
  ["small conv5", [8 * batch, 96, 6, 6], 64, 2],
];

// Seeded uniform [−1, 1) (a small LCG: the same inputs on every run).
function values(length, seed) {
  let state = seed >>> 0;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 - 1;
  });
}

function errors(got, expected) {
  let largest = 0;
  for (const value of expected) largest = Math.max(largest, Math.abs(value));
  let absolute = 0;
  let relative = 0;
  for (let index = 0; index < expected.length; index++) {
    const error = Math.abs(got[index] - expected[index]);
    absolute = Math.max(absolute, error);
    if (Math.abs(expected[index]) >= 0.01 * largest) relative = Math.max(relative, error / Math.abs(expected[index]));
  }
  return { absolute, scaled: absolute / largest, relative };
}

const backend = createCpuBackend();
console.log(`Winograd accuracy, Node ${process.version}: ${gemmInfo()}; inputs uniform in [−1, 1)`);
console.log(`${"layer / op".padEnd(34)} ${"gemm: abs, /max, rel".padStart(30)} ${"winograd: abs, /max, rel".padStart(30)} ${"ratio".padStart(6)}`);
for (const [name, input, outChannels, groups] of layers) {
  const filterShape = [outChannels, input[1] / groups, 3, 3];
  const options = { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups };
  const count = (shape) => shape.reduce((a, b) => a * b);
  const xValues = values(count(input), 1);
  const wValues = values(count(filterShape), 2);
  const x = referenceTensor(input, xValues);
  const w = referenceTensor(filterShape, wValues);
  const y = referenceConv2d(x, w, options);
  const dyValues = values(y.data.length, 3);
  const dy = referenceTensor(y.shape, dyValues);
  const expected = {
    forward: y.data,
    "input gradient": referenceConv2dBackwardInput(dy, w, input, options).data,
    "filter gradient": referenceConv2dBackwardFilter(x, dy, filterShape, options).data,
  };
  const xTensor = backend.upload(xValues, input);
  const wTensor = backend.upload(wValues, filterShape);
  const dyTensor = backend.upload(dyValues, y.shape);
  const runs = {
    forward: () => backend.conv2d(xTensor, wTensor, options),
    "input gradient": () => backend.conv2dBackwardInput(dyTensor, wTensor, input, options),
    "filter gradient": () => backend.conv2dBackwardFilter(xTensor, dyTensor, filterShape, options),
  };
  for (const op of Object.keys(runs)) {
    const measured = [];
    for (const algorithm of ["gemm", "winograd"]) {
      configureConvolution({ algorithm });
      const tensor = runs[op]();
      measured.push(errors(await backend.download(tensor), expected[op]));
      backend.dispose(tensor);
    }
    const cell = ({ absolute, scaled, relative }) => `${absolute.toExponential(1)}, ${scaled.toExponential(1)}, ${relative.toExponential(1)}`.padStart(30);
    console.log(`${`${name} ${op}`.padEnd(34)} ${cell(measured[0])} ${cell(measured[1])} ${`${(measured[1].scaled / measured[0].scaled).toFixed(1)}×`.padStart(6)}`);
  }
  for (const tensor of [xTensor, wTensor, dyTensor]) backend.dispose(tensor);
}
configureConvolution({ algorithm: "auto" });
await closeGemm();
