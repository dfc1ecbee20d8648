import type { Shape } from "@alexnet-ts/engine";
import { GPU, type GpujsInstance, type GpujsKernel, type Resident } from "./gpujs.js";
import { GpuTensor } from "./gpu-tensor.js";
import { elementCount } from "@alexnet-ts/engine";
import { Storage } from "./storage.js";

/** The gpu.js modes this backend offers. */
export type GpujsMode = "webgl" | "webgpu" | "wasm";

/** The source of one kernel: a gpu.js kernel function as a string, with one output per element. */
export type KernelSource = string;

/** How a kernel indexes, which bounds the tensor sizes it is exact for. */
export interface KernelLayout {
  /** gpu.js output dimensions [x, y] when not the default one-dimensional [size]. */
  readonly output?: readonly number[];
  /**
   * True when the kernel indexes only with gpu.js integers (thread ids, integer literals, loop
   * counters). Otherwise it splits indices in float32 arithmetic, which is exact below 2^23.
   */
  readonly integerIndexing?: boolean;
}

/** Float32 index arithmetic (splitIndex) is exact below this element count. */
const floatIndexLimit = 2 ** 23;
/** gpu.js's WebAssembly backend computes even integer indices in f32: exact below 2^24. */
const webAssemblyIndexLimit = 2 ** 24;

/** Whether this is a browser page or a browser's worker (gpu.js uses WebGL2 there, on a canvas or an OffscreenCanvas). */
function inBrowser(): boolean {
  return typeof document !== "undefined" || typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined";
}

/** The gpu.js mode name for each of this backend's modes (WebGL is headless-gl in Node, WebGL2 in browsers). */
export function gpujsModeName(mode: GpujsMode): string {
  if (mode === "webgpu") return "webgpu";
  if (mode === "wasm") return "webasm";
  return inBrowser() ? "webgl2" : "headlessgl";
}

/** The kernel class that must run in each mode; anything else is a fallback. */
export function expectedKernelClass(mode: GpujsMode): string {
  if (mode === "webgpu") return "WebGPUKernel";
  if (mode === "wasm") return "WebAssemblyKernel";
  return inBrowser() ? "WebGL2Kernel" : "HeadlessGLKernel";
}

/**
 * One gpu.js instance and everything compiled on it: kernels cached by their shape signature,
 * tensors kept on the device between kernels (pipeline outputs), and a record of the kernel classes
 * that really ran, so a silent gpu.js fallback cannot pass for the mode that was asked for.
 */
export class Device {
  private readonly kernels = new Map<string, GpujsKernel>();
  private live = 0;
  /** Kernel classes that ran, with gpu.js's fallback reason where it gave one. */
  readonly kernelClasses = new Map<string, string | undefined>();

  private constructor(
    readonly mode: GpujsMode,
    private readonly gpu: GpujsInstance,
  ) {}

  /** A device in `mode`; throws when gpu.js does not support the mode here. */
  static create(mode: GpujsMode): Device {
    return new Device(mode, new GPU({ mode: gpujsModeName(mode) }));
  }

  /** Tensors created and not disposed. */
  liveTensorCount(): number {
    return this.live;
  }

  /**
   * Issues the kernel cached under `key` (compiled from `source()` on first use) over `inputs`,
   * returning the output tensor at once; the kernel runs when its inputs are ready.
   */
  run(key: string, source: () => KernelSource, inputs: readonly GpuTensor[], shape: Shape, layout: KernelLayout = {}): GpuTensor {
    for (const input of inputs) this.check(input);
    const size = elementCount(shape);
    // gpu.js cannot make a kernel with no outputs; an empty tensor needs no device memory anyway.
    if (size === 0) return this.adopt(shape, Promise.resolve(new Float32Array(0)));
    this.checkIndexRange(key, [size, ...inputs.map((input) => input.size)], layout.integerIndexing === true);
    for (const input of inputs) input.storage.beginRead();
    const ready = Promise.all(inputs.map((input) => input.storage.ready)).then(async (values) => {
      try {
        // gpu.js compiles a kernel for the class of each texture argument (a 2-D matmul output is
        // another class than a 1-D one), so the class is part of the cache key.
        const classes = values.map((value) => (value as object).constructor.name).join(",");
        const compiled = this.kernelFor(`${key} (${classes})`, source, layout.output ?? [size]);
        const result = flatten(await compiled(...values));
        this.recordKernelClass(compiled);
        return result;
      } finally {
        for (const input of inputs) input.storage.endRead();
      }
    });
    return this.adopt(shape, ready);
  }

  /** A new tensor holding a copy of `values`. */
  upload(values: Float32Array, shape: Shape): GpuTensor {
    const size = elementCount(shape);
    if (values.length !== size) throw new Error(`upload: ${values.length} values do not fill shape [${shape.join(", ")}] (${size} elements)`);
    if (this.mode === "wasm" || size === 0) return this.adopt(shape, Promise.resolve(values.slice()));
    const host = values.slice();
    this.checkIndexRange("upload", [size], true);
    const kernel = this.kernelFor(`upload ${size}`, () => `function(values) { return values[this.thread.x]; }`, [size]);
    const ready = Promise.resolve().then(async () => {
      const result = (await kernel(host)) as Resident;
      this.recordKernelClass(kernel);
      return result;
    });
    return this.adopt(shape, ready);
  }

  /** Reads a tensor back as a new Float32Array. */
  async download(tensor: GpuTensor): Promise<Float32Array> {
    this.check(tensor);
    tensor.storage.beginRead();
    try {
      const resident = await tensor.storage.ready;
      const values = resident instanceof Float32Array ? resident : flatten(await resident.toArray());
      if (!(values instanceof Float32Array)) throw new Error(`gpu.js returned ${Object.prototype.toString.call(values)} where a Float32Array was expected`);
      return values.slice(0, tensor.size);
    } finally {
      tensor.storage.endRead();
    }
  }

  /** A second handle on the same storage with another shape (reshape). */
  view(tensor: GpuTensor, shape: Shape): GpuTensor {
    this.check(tensor);
    tensor.storage.retain();
    this.live += 1;
    return new GpuTensor(shape, tensor.storage);
  }

  /** Releases a handle; its storage is freed once no handle and no queued kernel uses it. */
  dispose(tensor: GpuTensor): void {
    this.check(tensor);
    tensor.disposed = true;
    this.live -= 1;
    tensor.storage.release();
  }

  /** Releases every kernel and the gpu.js instance (and with it the GL context). */
  async close(): Promise<void> {
    this.kernels.clear();
    await this.gpu.destroy();
  }

  /** The kernel cached under `key`, compiled on first use. */
  private kernelFor(key: string, source: () => KernelSource, output: readonly number[]): GpujsKernel {
    let kernel = this.kernels.get(key);
    if (kernel === undefined) {
      kernel = this.gpu.createKernel(source(), {
        output: [...output],
        pipeline: true,
        // Every call gets its own output, so earlier results stay valid while later ones are computed.
        immutable: true,
        precision: "single",
        tactic: "precision",
        loopMaxIterations: 1 << 30,
      });
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  /** Refuses sizes the kernel's index arithmetic would not address exactly. */
  private checkIndexRange(key: string, sizes: readonly number[], integerIndexing: boolean): void {
    const limit = this.mode === "wasm" ? Math.min(webAssemblyIndexLimit, integerIndexing ? Infinity : floatIndexLimit) : integerIndexing ? 2 ** 31 : floatIndexLimit;
    const largest = Math.max(...sizes);
    if (largest > limit) {
      const op = key.split(" ")[0];
      throw new Error(`${op}: a tensor of ${largest.toLocaleString("en")} elements is beyond what the gpu.js ${this.mode} kernels index exactly (${limit.toLocaleString("en")}); use smaller tensors or another backend`);
    }
  }

  private adopt(shape: Shape, ready: Promise<Resident>): GpuTensor {
    this.live += 1;
    return new GpuTensor([...shape], new Storage(ready, freeResident));
  }

  private recordKernelClass(kernel: GpujsKernel): void {
    const running = kernel.kernel;
    const name = running.constructor.name;
    if (!this.kernelClasses.has(name)) this.kernelClasses.set(name, running.fallbackReason ?? undefined);
  }

  private check(tensor: GpuTensor): void {
    if (!(tensor instanceof GpuTensor)) throw new Error("this tensor does not belong to the gpu.js backend");
    if (tensor.disposed) throw new Error(`a disposed tensor of shape [${tensor.shape.join(", ")}] was used`);
  }
}

/** gpu.js returns two-dimensional outputs as rows; the backend's tensors are flat. */
function flatten(result: unknown): Resident {
  if (Array.isArray(result)) {
    const rows = result as Float32Array[];
    const flat = new Float32Array(rows.reduce((total, row) => total + row.length, 0));
    let offset = 0;
    for (const row of rows) {
      flat.set(row, offset);
      offset += row.length;
    }
    return flat;
  }
  return result as Resident;
}

function freeResident(resident: Resident): void {
  if (!(resident instanceof Float32Array)) resident.delete();
}
