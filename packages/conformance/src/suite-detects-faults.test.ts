import { withDefaults, type Backend, type Pool2dOptions, type Tensor } from "@alexnet-ts/engine";
import { describe, expect, it } from "vitest";
import { runCase, type ConformanceCase } from "./case.js";
import { defaultTolerance, resolveOptions } from "./options.js";
import { poolWindows } from "./reference/index.js";
import { createReferenceBackend, type ReferenceBackendTensor } from "./reference-backend.js";
import { defaultOnnxDirectory, readOnnxIndex } from "./onnx/onnx-case.js";
import { conformanceGroups } from "./run-conformance.js";

// The suite must fail a backend with a typical bug, in the case meant to catch it, and pass the
// same case on the correct backend (so the failure is the bug's, not the case's).

const cases = new Map<string, ConformanceCase>(
  conformanceGroups(resolveOptions())
    .flatMap((group) => group.cases)
    .map((testCase) => [testCase.id, testCase]),
);

/** The reference backend with one op replaced; `original` is the correct backend. */
function faulty(change: (original: Backend) => Partial<Backend>): Backend {
  const original = withDefaults(createReferenceBackend({ withOverrides: true }));
  return Object.assign(Object.create(original) as Backend, change(original));
}

/** Max pooling's gradient sent to every tied maximum instead of the first (a common default written with x == y masks). */
function gradientToEveryMaximum(original: Backend): Partial<Backend> {
  return {
    maxPool2dBackward: (x: Tensor, _y: Tensor, dy: Tensor, options: Pool2dOptions) => {
      const input = (x as ReferenceBackendTensor).values;
      const gradient = (dy as ReferenceBackendTensor).values;
      const dx = new Float32Array(input.length);
      for (const window of poolWindows("maxPool2dBackward", x.shape, options).windows) {
        const maximum = Math.max(...window.cells.map((cell) => input[cell]));
        for (const cell of window.cells) if (input[cell] === maximum) dx[cell] += gradient[window.outputOffset];
      }
      return original.upload(dx, x.shape);
    },
  };
}

const faults: { fault: string; caseIds: string[]; message: RegExp; backend: () => Backend }[] = [
  {
    fault: "conv2d ignores dilation",
    caseIds: ["forward/conv2d/seed-1"],
    message: /conv2d/,
    backend: () => faulty((original) => ({ conv2d: (x, filter, options) => original.conv2d(x, filter, { ...options, dilation: [1, 1] }) })),
  },
  {
    fault: "LRN divides alpha by size (the ONNX/PyTorch convention)",
    // (ONNX's own LRN cases use alpha ≤ 2e-4: too small for the convention to show within their tolerance.)
    caseIds: ["forward/localResponseNorm/seed-2", "gradient-backend/localResponseNorm/1"],
    message: /localResponseNorm/,
    backend: () => faulty((original) => ({ localResponseNorm: (x, options) => original.localResponseNorm(x, { ...options, alpha: options.alpha / options.size }) })),
  },
  {
    fault: "softmax does not subtract the row maximum",
    caseIds: ["forward/softmax/seed-3", "onnx/test_softmax_large_number"],
    message: /softmax/,
    backend: () =>
      faulty((original) => ({
        softmax: (x) => {
          const exponential = original.unary("exp", x);
          const sum = original.reduce("sum", exponential, { axes: [x.shape.length - 1], keepDimensions: true });
          const result = original.binary("divide", exponential, sum);
          original.dispose(exponential);
          original.dispose(sum);
          return result;
        },
      })),
  },
  {
    fault: "reshape leaks a tensor",
    caseIds: ["forward/reshape/seed-1"],
    message: /leaked/,
    backend: () =>
      faulty((original) => ({
        reshape: (x, shape) => {
          original.fill([1], 0);
          return original.reshape(x, shape);
        },
      })),
  },
  {
    fault: "matmul's shape error does not name the op",
    caseIds: ["errors/matmul-inner-dimensions"],
    message: /does not name the op/,
    backend: () =>
      faulty((original) => ({
        matmul: (a, b, { transposeA, transposeB }) => {
          try {
            return original.matmul(a, b, { transposeA, transposeB });
          } catch {
            throw new Error("index out of range");
          }
        },
      })),
  },
  {
    fault: "softmaxBackward computes log-softmax's gradient",
    caseIds: ["backward/softmax/seed-1", "gradient-backend/softmax/1"],
    message: /softmax/,
    backend: () => faulty((original) => ({ softmaxBackward: (y, dy) => original.logSoftmaxBackward(y, dy) })),
  },
  {
    fault: "avgPool2d ignores countIncludePad",
    caseIds: ["onnx/test_averagepool_2d_pads_count_include_pad", "onnx/test_averagepool_2d_ceil_last_window_starts_on_pad"],
    message: /averagepool/,
    backend: () => faulty((original) => ({ avgPool2d: (x, options) => original.avgPool2d(x, { ...options, countIncludePad: false }) })),
  },
  {
    fault: "conv2dBackwardInput swaps the padding axes",
    caseIds: ["backward/conv2d/input/seed-1", "gradient-backend/conv2d/input/1"],
    message: /conv2d/,
    backend: () =>
      faulty((original) => ({
        conv2dBackwardInput: (dy, filter, inputShape, options) => {
          const [top, left, bottom, right] = options.padding;
          return original.conv2dBackwardInput(dy, filter, inputShape, { ...options, padding: [left, top, right, bottom] });
        },
      })),
  },
  {
    fault: "maxPool2dBackward sends the gradient to every tied maximum",
    caseIds: ["backward/maxPool2d/ties"],
    message: /maxPool2d/,
    backend: () => faulty(gradientToEveryMaximum),
  },
  {
    fault: "dropoutMask draws its own random numbers",
    caseIds: ["forward/dropoutMask/1"],
    message: /dropoutMask/,
    backend: () => faulty((original) => ({ dropoutMask: (shape, rate, seed) => original.dropoutMask(shape, rate, seed + 1) })),
  },
];

// Faults caught by ONNX cases need the ONNX node tests, which a user's clone may not have beside it.
const onnxIndex = readOnnxIndex(defaultOnnxDirectory());
const onnxMissing = "missing" in onnxIndex ? onnxIndex.missing : undefined;

describe("the suite detects faulty backends", () => {
  for (const { fault, caseIds, message, backend } of faults) {
    for (const caseId of caseIds) {
      const skipReason = caseId.startsWith("onnx/") ? onnxMissing : undefined;
      if (skipReason !== undefined) {
        it.skip(`${fault}: ${caseId} — skipped: ${skipReason}`, () => undefined);
        continue;
      }
      it(`${fault}: ${caseId} fails, and passes on the correct backend`, async () => {
        const testCase = cases.get(caseId);
        expect(testCase, `case ${caseId} exists`).toBeDefined();
        await expect(runCase(backend(), testCase!, defaultTolerance)).rejects.toThrow(message);
        await runCase(withDefaults(createReferenceBackend({ withOverrides: true })), testCase!, defaultTolerance);
      });
    }
  }
});
