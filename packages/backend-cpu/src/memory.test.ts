import { describe, expect, it } from "vitest";
import { createCpuBackend, createCpuImplementation } from "./backend.js";
import { cpuBackendProvider } from "./provider.js";
import { allocateGemmArray, releaseGemmArray } from "./gemm/index.js";
import { allocate, configureStorage, release } from "./storage.js";
import { randomTensor, take } from "./test-helpers.js";

describe("tensor lifetime", () => {
  it("a small training-like sequence returns the live count to its baseline", async () => {
    const backend = createCpuBackend();
    const baseline = backend.liveTensorCount();
    const conv = { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1 } as const;
    const pool = { kernel: [3, 3], stride: [2, 2], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false } as const;
    const x = randomTensor(backend, [2, 3, 9, 9], 1);
    let filter = randomTensor(backend, [4, 3, 3, 3], 2);
    let velocity = backend.fill([4, 3, 3, 3], 0);
    for (let step = 0; step < 3; step++) {
      const y = backend.conv2dBiasActivation(x, filter, undefined, { ...conv, activation: "relu" });
      const pooled = backend.maxPool2d(y, pool);
      const flat = backend.reshape(pooled, [2, 4 * 4 * 4]);
      const { loss, gradient } = backend.crossEntropyWithLogits(flat, Int32Array.from([0, 5]));
      const dPooled = backend.reshape(gradient, pooled.shape);
      const dy = backend.maxPool2dBackward(y, pooled, dPooled, pool);
      const dyRelu = backend.activationBackward("relu", y, dy);
      const dFilter = backend.conv2dBackwardFilter(x, dyRelu, filter.shape, conv);
      const next = backend.sgdUpdate(filter, dFilter, velocity, { learningRate: 0.1, momentum: 0.9, weightDecay: 0 });
      for (const tensor of [y, pooled, flat, loss, gradient, dPooled, dy, dyRelu, dFilter, filter, velocity]) backend.dispose(tensor);
      filter = next.parameter;
      velocity = next.velocity;
    }
    for (const tensor of [x, filter, velocity]) backend.dispose(tensor);
    expect(backend.liveTensorCount()).toBe(baseline);
  });

  it("reshape shares values but each handle is disposed once, in either order", async () => {
    const backend = createCpuBackend();
    const x = backend.upload(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
    const view = backend.reshape(x, [3, 2]);
    expect(backend.liveTensorCount()).toBe(2);
    backend.dispose(x);
    expect(Array.from(await backend.download(view))).toEqual([1, 2, 3, 4, 5, 6]);
    // The values stay valid while a view lives: fresh allocations must not reuse them.
    const other = backend.fill([6], 7);
    expect(Array.from(await backend.download(view))).toEqual([1, 2, 3, 4, 5, 6]);
    backend.dispose(view);
    backend.dispose(other);
    expect(backend.liveTensorCount()).toBe(0);
  });

  it("dispose twice, or using a disposed tensor, is an error naming the op", () => {
    const backend = createCpuBackend();
    const x = backend.fill([2], 1);
    backend.dispose(x);
    expect(() => backend.dispose(x)).toThrow(/^dispose: .*already disposed/);
    expect(() => backend.unary("exp", x)).toThrow(/^unary: x .*already disposed/);
    expect(backend.liveTensorCount()).toBe(0);
  });

  it("download returns a copy the caller may change", async () => {
    const backend = createCpuBackend();
    const x = backend.fill([3], 2);
    const first = await backend.download(x);
    expect(first.buffer instanceof ArrayBuffer, "an ordinary, unshared buffer").toBe(true);
    first[0] = 99;
    expect(Array.from(await take(backend, x))).toEqual([2, 2, 2]);
  });

  it("recycled storage comes back zeroed", () => {
    const first = allocate(1000);
    first.fill(5);
    release(first);
    const again = allocate(1000);
    expect(again).toBe(first);
    expect(again.every((value) => value === 0)).toBe(true);
  });

  it.skipIf(typeof SharedArrayBuffer !== "function")("storage lives in the gemm's WebAssembly memory and goes back to it when the pool is full (needs SharedArrayBuffer)", () => {
    configureStorage({ poolLimitBytes: 0 });
    try {
      const first = allocate(4099);
      const address = first.byteOffset;
      release(first);
      // The pool keeps nothing, so the block went back to the gemm's allocator, which hands it out again.
      const again = allocateGemmArray(4099);
      expect(again?.byteOffset).toBe(address);
      expect(address).toBeGreaterThan(0);
      if (again !== undefined) releaseGemmArray(again);
      // A block given back and handed out again by allocate is cleared.
      const dirty = allocate(4099);
      dirty.fill(5);
      release(dirty);
      const cleared = allocate(4099);
      expect(cleared.byteOffset).toBe(dirty.byteOffset);
      expect(cleared.every((value) => value === 0)).toBe(true);
      release(cleared);
    } finally {
      configureStorage({ poolLimitBytes: 1024 * 1024 * 1024 });
    }
  });

  it("tensors of one backend are refused by another", () => {
    const one = createCpuBackend();
    const other = createCpuBackend();
    const x = one.fill([2], 1);
    expect(() => other.unary("exp", x)).toThrow(/^unary: x is not a tensor of this cpu backend/);
    one.dispose(x);
  });
});

describe("shape errors name the op", () => {
  const backend = createCpuBackend();
  const cases: [string, () => unknown, RegExp][] = [
    ["matmul", () => backend.matmul(backend.fill([2, 3], 1), backend.fill([4, 5], 1), { transposeA: false, transposeB: false }), /^matmul: inner dimensions differ: \[2, 3\] × \[4, 5\]/],
    ["conv2d channels", () => backend.conv2d(backend.fill([1, 3, 8, 8], 1), backend.fill([4, 2, 3, 3], 1), { stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1 }), /^conv2d: filter \[4, 2, 3, 3\] must have 3 input channels/],
    ["conv2d too small", () => backend.conv2d(backend.fill([1, 1, 2, 2], 1), backend.fill([1, 1, 3, 3], 1), { stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1 }), /^conv2d: x \[1, 1, 2, 2\] is smaller than/],
    ["binary", () => backend.binary("add", backend.fill([2, 3], 1), backend.fill([4], 1)), /^binary: shapes \[2, 3\] and \[4\] do not broadcast/],
    ["reshape", () => backend.reshape(backend.fill([2, 3], 1), [4]), /^reshape: x \[2, 3\] has 6 elements, but shape \[4\] has 4/],
    ["upload", () => backend.upload(new Float32Array(3), [2, 2]), /^upload: 3 values do not fill shape \[2, 2\]/],
    ["addBias", () => backend.addBias(backend.fill([2, 3, 2, 2], 1), backend.fill([4], 1)), /^addBias: bias must be \[3\]/],
    ["maxPool2d rank", () => backend.maxPool2d(backend.fill([3, 3], 1), { kernel: [2, 2], stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false }), /^maxPool2d: x must have 4 axes/],
    ["crossEntropyWithLogits", () => backend.crossEntropyWithLogits(backend.fill([2, 3], 1), Int32Array.from([0, 3])), /^crossEntropyWithLogits: label 3 \(row 1\) is outside the 3 classes/],
    ["sgdUpdate", () => backend.sgdUpdate(backend.fill([2], 1), backend.fill([3], 1), backend.fill([2], 1), { learningRate: 0.1, momentum: 0, weightDecay: 0 }), /^sgdUpdate: gradient \[3\] and parameter \[2\] must have the same shape/],
    ["dropoutMask", () => backend.dropoutMask([2], 1, 0), /^dropoutMask: rate must be in \[0, 1\)/],
    ["slice", () => backend.slice(backend.fill([4], 1), { begin: [2], size: [3], step: [1] }), /^slice: axis 0 of x \[4\] has no elements 2 to 4/],
    ["conv2dBackwardInput", () => backend.conv2dBackwardInput(backend.fill([1, 2, 3, 3], 1), backend.fill([4, 1, 3, 3], 1), [1, 1, 5, 5], { stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1 }), /^conv2dBackwardInput: dy \[1, 2, 3, 3\] and the output/],
  ];
  for (const [label, run, message] of cases) {
    it(label, () => {
      expect(run).toThrow(message);
    });
  }
});

describe("provider", () => {
  it("is named cpu, always available, and makes a backend that says what runs", async () => {
    expect(cpuBackendProvider.name).toBe("cpu");
    expect(await cpuBackendProvider.availability()).toEqual({ available: true });
    const backend = await cpuBackendProvider.create();
    expect(backend.name).toBe("cpu");
    expect(backend.describe()).toMatch(/TypeScript/);
    expect(createCpuImplementation().contractVersion).toBe(backend.contractVersion);
  });
});

describe("ops that accumulate get zeroed storage even when the pool holds dirty arrays", () => {
  const conv = { stride: [2, 2], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1 } as const;
  const pool = { kernel: [3, 3], stride: [2, 2], padding: [1, 1, 1, 1], dilation: [1, 1], ceilMode: true } as const;
  const cases: [string, (backend: ReturnType<typeof createCpuBackend>) => import("@alexnet-ts/engine").Tensor][] = [
    ["conv2dBackwardInput", (backend) => backend.conv2dBackwardInput(backend.fill([1, 2, 4, 4], 1), backend.fill([2, 3, 3, 3], 1), [1, 3, 7, 7], conv)],
    ["maxPool2dBackward", (backend) => {
      const x = randomTensor(backend, [1, 3, 7, 7], 4);
      return backend.maxPool2dBackward(x, backend.maxPool2d(x, pool), backend.fill([1, 3, 4, 4], 1), pool);
    }],
    ["avgPool2dBackward", (backend) => backend.avgPool2dBackward(backend.fill([1, 3, 4, 4], 1), [1, 3, 7, 7], { ...pool, countIncludePad: false })],
    ["adaptiveAvgPool2dBackward", (backend) => backend.adaptiveAvgPool2dBackward(backend.fill([1, 3, 2, 2], 1), [1, 3, 7, 7])],
    ["matmul with k = 0", (backend) => backend.matmul(backend.fill([3, 0], 1), backend.fill([0, 49], 1), { transposeA: false, transposeB: false })],
    ["pad with 0", (backend) => backend.pad(backend.fill([1, 3, 5, 5], 1), [[0, 0], [0, 0], [1, 1], [1, 1]], 0)],
  ];
  for (const [label, run] of cases) {
    it(label, async () => {
      const backend = createCpuBackend();
      const clean = await backend.download(run(backend));
      // Leave arrays of every size involved in the pool, full of a value no result contains.
      for (const size of [clean.length, 1 * 3 * 7 * 7, 3 * 49]) backend.dispose(backend.fill([size], 12345));
      expect(Array.from(await backend.download(run(backend)))).toEqual(Array.from(clean));
    });
  }
});
