/**
 * The slice of gpu.js this backend uses, typed narrowly. gpu.js is CommonJS; its default export is
 * `module.exports`, which works in Node's ESM loader and in bundlers alike.
 */
import gpujs from "gpu.js";

/** gpu.js's version, for `describe()`. */
export const gpujsVersion = "2.24.1";

/** A compiled gpu.js kernel as `createKernel` returns it (the "run shortcut"). */
export interface GpujsKernel {
  (...inputs: unknown[]): unknown;
  /** The kernel instance that really runs; replaced when gpu.js falls back to another backend. */
  readonly kernel: { readonly constructor: { readonly name: string; readonly mode?: string }; readonly fallbackReason?: string | null };
  destroy(removeCanvasReferences?: boolean): void;
}

/** The gpu.js `GPU` instance, one per backend. */
export interface GpujsInstance {
  createKernel(source: string, settings: Record<string, unknown>): GpujsKernel;
  destroy(): Promise<void>;
}

/** The `GPU` class with the static feature checks this package reads. */
export interface GpujsClass {
  new (settings: { mode: string }): GpujsInstance;
  readonly isHeadlessGLSupported: boolean;
  readonly isWebGL2Supported: boolean;
  readonly isWebGPUSupported: boolean;
  readonly isWebAssemblySupported: boolean;
  isWebGPUAvailable(): Promise<boolean>;
}

/** What a pipeline kernel returns: a GL texture, a WebGPU buffer handle, or (WebAssembly, CPU) a plain array. */
export type Resident = Float32Array | { toArray(): unknown; delete(): void };

/** The HeadlessGLKernel class's static test context (null when headless-gl could not make one). */
export interface HeadlessGlKernelClass {
  readonly isSupported: boolean;
  readonly testContext: WebGLRenderingContext | null;
}

const library = gpujs as unknown as { GPU: GpujsClass; HeadlessGLKernel: HeadlessGlKernelClass };

/** gpu.js's `GPU` class. */
export const GPU: GpujsClass = library.GPU;
/** gpu.js's headless-gl kernel class, for its test context (the GL renderer string). */
export const HeadlessGLKernel: HeadlessGlKernelClass = library.HeadlessGLKernel;
