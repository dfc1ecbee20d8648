import { describe, expect, it } from "vitest";
import type { BackendImplementation } from "@alexnet-ts/engine";
import { createReferenceBackend } from "../reference-backend.js";
import { dropoutMaskValues } from "@alexnet-ts/engine";
import { withDefaults } from "@alexnet-ts/engine";
import {
  createDefaultsBackend,
  expectClose,
  expectGradientMatchesFiniteDifferences,
  expectMatchesReference,
  randomTensor,
  runAndDownload,
  type TestTensor,
} from "./test-support.js";

describe("softmax family", () => {
  it("softmax and logSoftmax match the reference, including logits near 1e3 (stable)", async () => {
    for (const offset of [0, 1000, -1000]) {
      await expectMatchesReference([randomTensor([3, 7], 1, 3, offset)], (b, [x]) => b.softmax(x));
      // log-softmax values stay O(10) whatever the offset, so the absolute check is strict.
      await expectMatchesReference([randomTensor([3, 7], 2, 3, offset)], (b, [x]) => b.logSoftmax(x));
    }
  });

  it("softmax of [1000, 1000] is [0.5, 0.5], not NaN", async () => {
    const backend = createDefaultsBackend();
    const { output } = await runAndDownload(backend, [{ values: Float32Array.from([1000, 1000]), shape: [1, 2] }], (b, [x]) => b.softmax(x));
    expect(Array.from(output.values)).toEqual([0.5, 0.5]);
  });

  it("the backward ops match the reference and finite differences", async () => {
    const shape = [4, 5];
    await expectMatchesReference([randomTensor(shape, 3), randomTensor(shape, 4)], (b, [x, dy]) => {
      const y = b.softmax(x);
      const dx = b.softmaxBackward(y, dy);
      b.dispose(y);
      return dx;
    });
    await expectMatchesReference([randomTensor(shape, 5), randomTensor(shape, 6)], (b, [x, dy]) => {
      const y = b.logSoftmax(x);
      const dx = b.logSoftmaxBackward(y, dy);
      b.dispose(y);
      return dx;
    });
    for (const kind of ["softmax", "logSoftmax"] as const) {
      await expectGradientMatchesFiniteDifferences(
        randomTensor(shape, 7),
        (b, x) => b[kind](x),
        (b, x, dy) => {
          const y = b[kind](x);
          const dx = kind === "softmax" ? b.softmaxBackward(y, dy) : b.logSoftmaxBackward(y, dy);
          b.dispose(y);
          return dx;
        },
        8,
      );
    }
  });
});

describe("crossEntropyWithLogits", () => {
  it("matches the reference: scalar loss and (softmax − onehot) / N", async () => {
    const labels = Int32Array.from([2, 0, 4]);
    await expectMatchesReference([randomTensor([3, 5], 9, 4)], (b, [logits]) => b.crossEntropyWithLogits(logits, labels));
  });

  it("by hand: equal logits over K classes give loss log K, a scalar", async () => {
    const backend = createDefaultsBackend();
    const { loss, gradient } = await runAndDownload(backend, [{ values: new Float32Array(8), shape: [2, 4] }], (b, [logits]) =>
      b.crossEntropyWithLogits(logits, Int32Array.from([1, 3])),
    );
    expect(loss.shape).toEqual([]);
    expect(loss.values[0]).toBeCloseTo(Math.log(4), 6);
    expectClose(gradient.values, [0.125, -0.375, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375], 1e-7, "gradient");
  });

  it("a label outside the classes, or a wrong count, is a clear error and leaks nothing", () => {
    const backend = createDefaultsBackend();
    const logits = backend.fill([2, 3], 0);
    expect(() => backend.crossEntropyWithLogits(logits, Int32Array.from([0, 3]))).toThrow(/^crossEntropyWithLogits: label 3 at row 1/);
    expect(() => backend.crossEntropyWithLogits(logits, Int32Array.from([0]))).toThrow(/^crossEntropyWithLogits: 1 labels/);
    expect(backend.liveTensorCount()).toBe(1);
  });
});

describe("small defaults", () => {
  it("fill, addBias (NCHW and [N, F]), activationBackward and dropoutMask match the reference", async () => {
    await expectMatchesReference([], (b) => b.fill([2, 3], -1.5));
    await expectMatchesReference([randomTensor([2, 3, 2, 2], 10), randomTensor([3], 11)], (b, [x, bias]) => b.addBias(x, bias));
    await expectMatchesReference([randomTensor([4, 5], 12), randomTensor([5], 13)], (b, [x, bias]) => b.addBias(x, bias));
    for (const activation of ["relu", "tanh"] as const) {
      await expectMatchesReference([randomTensor([3, 4], 14), randomTensor([3, 4], 15)], (b, [x, dy]) => {
        const y = b.unary(activation, x);
        const dx = b.activationBackward(activation, y, dy);
        b.dispose(y);
        return dx;
      });
    }
    await expectMatchesReference([], (b) => b.dropoutMask([3, 50], 0.5, 42));
  });

  it("dropoutMask is the host's seeded mask: values 0 or 1 / (1 − rate)", async () => {
    const backend = createDefaultsBackend();
    const { output } = await runAndDownload(backend, [], (b) => b.dropoutMask([10, 10], 0.25, 7));
    expect(Array.from(output.values)).toEqual(Array.from(dropoutMaskValues(100, 0.25, 7)));
    expect(new Set(output.values)).toEqual(new Set([0, 1 / 0.75].map(Math.fround)));
  });

  it("sgdUpdate by hand (PyTorch's formula) and against the reference", async () => {
    const backend = createDefaultsBackend();
    const inputs = [Float32Array.from([1, -2]), Float32Array.from([0.5, 0.5]), Float32Array.from([0.1, 0])].map((values) => ({ values, shape: [2] }));
    const { parameter, velocity } = await runAndDownload(backend, inputs, (b, [p, g, v]) =>
      b.sgdUpdate(p, g, v, { learningRate: 0.1, momentum: 0.9, weightDecay: 0.01 }),
    );
    // g' = g + 0.01·p = [0.51, 0.48]; v = 0.9·[0.1, 0] + g' = [0.6, 0.48]; p − 0.1·v = [0.94, −2.048].
    expectClose(velocity.values, [0.6, 0.48], 1e-6, "velocity");
    expectClose(parameter.values, [0.94, -2.048], 1e-6, "parameter");
    for (const weightDecay of [0, 5e-4]) {
      await expectMatchesReference([randomTensor([3, 4], 16), randomTensor([3, 4], 17), randomTensor([3, 4], 18)], (b, [p, g, v]) =>
        b.sgdUpdate(p, g, v, { learningRate: 0.01, momentum: 0.9, weightDecay }),
      );
    }
  });

  it("addBias with a bias of the wrong length is a clear error naming the op", () => {
    const backend = createDefaultsBackend();
    const x = backend.fill([2, 3, 1, 1], 0);
    const bias = backend.fill([2], 0);
    expect(() => backend.addBias(x, bias)).toThrow(/^addBias: bias \[2\] does not match x \[2, 3, 1, 1\]/);
  });
});

describe("withDefaults", () => {
  it("routes defaults through the backend's own overrides", async () => {
    // An implementation whose logSoftmax is wrong on purpose (all zeros): crossEntropyWithLogits'
    // default must call it, so its gradient becomes (exp(0) − onehot) / N.
    const core = createReferenceBackend();
    const calls: string[] = [];
    const implementation: BackendImplementation<TestTensor> = {
      ...core,
      logSoftmax(x) {
        calls.push("logSoftmax");
        return core.upload(new Float32Array(x.shape[0] * x.shape[1]), x.shape);
      },
      conv2dBackwardInput(dy, filter, inputShape) {
        calls.push("conv2dBackwardInput");
        return core.upload(new Float32Array(inputShape.reduce((a, b) => a * b)), inputShape);
      },
    };
    const backend = withDefaults(implementation);
    const logits = backend.upload(Float32Array.from([5, -5]), [1, 2]);
    const { gradient } = backend.crossEntropyWithLogits(logits, Int32Array.from([0]));
    expect(Array.from(await backend.download(gradient))).toEqual([0, 1]);
    const dy = backend.fill([1, 1, 2, 2], 1);
    backend.avgPool2dBackward(dy, [1, 1, 4, 4], { kernel: [2, 2], stride: [2, 2], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false, countIncludePad: true });
    expect(calls).toEqual(["logSoftmax", "conv2dBackwardInput"]);
  });
});
