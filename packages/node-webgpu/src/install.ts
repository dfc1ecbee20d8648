/**
 * WebGPU in Node for any library that looks for `navigator.gpu` (gpu.js, tfjs-backend-webgpu):
 * Dawn from the npm `webgpu` package, installed as `navigator.gpu` with its GPU* classes as globals.
 *
 * On a machine without a usable Vulkan driver (Dawn rejects Mesa's lavapipe), SwiftShader from
 * Debian's `chromium-common` serves as a software Vulkan driver: when the default adapter request
 * finds nothing and SwiftShader's ICD file is present, VK_ICD_FILENAMES is pointed at it and the
 * request is retried. A user's own VK_ICD_FILENAMES is left alone.
 *
 * Importing this module loads nothing: Node's modules and Dawn are imported when
 * `installNodeWebGpu` runs, so a browser bundle may include it and gets the platform's own
 * `navigator.gpu`.
 */
import { describeAdapter, type GpuLike, type NodeWebGpuStatus } from "./adapter.js";
import { hasGpuDeviceNodes, ensureRuntimeDirectory } from "./machine.js";

export type { NodeWebGpuStatus } from "./adapter.js";

/** Debian's SwiftShader Vulkan ICD (apt `chromium-common`). */
export const swiftShaderIcd = "/usr/lib/chromium/vk_swiftshader_icd.json";

interface Dawn {
  create(options: string[]): GpuLike;
  globals: Record<string, unknown>;
}

let installation: Promise<NodeWebGpuStatus> | undefined;

/**
 * Makes `navigator.gpu` usable in Node (once per process; a browser's own `navigator.gpu` is
 * kept). Resolves with the adapter that answered, or why none did.
 */
export function installNodeWebGpu(): Promise<NodeWebGpuStatus> {
  installation ??= install();
  return installation;
}

async function install(): Promise<NodeWebGpuStatus> {
  const existing = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (existing !== undefined) return describeAdapter(await existing.requestAdapter(), "the platform's navigator.gpu");
  if (typeof process === "undefined" || process.versions?.node === undefined) {
    return { available: false, reason: "this platform has no navigator.gpu", howToEnable: "use a browser with WebGPU enabled" };
  }
  await ensureRuntimeDirectory();
  let dawn: Dawn;
  try {
    dawn = (await import("webgpu")) as unknown as Dawn;
  } catch (error) {
    return {
      available: false,
      reason: `the npm package webgpu did not load: ${(error as Error).message.split("\n")[0]}`,
      howToEnable: "npm install webgpu@0.6.2 (Dawn prebuilt for linux-x64, darwin and win32)",
    };
  }
  const { existsSync } = await import("node:fs");
  const useSwiftShader = (): boolean => process.env.VK_ICD_FILENAMES === undefined && existsSync(swiftShaderIcd);
  // Without GPU device nodes the only Vulkan driver left is lavapipe, which Dawn rejects with a
  // warning on stderr: go straight to SwiftShader.
  if (!(await hasGpuDeviceNodes()) && useSwiftShader()) process.env.VK_ICD_FILENAMES = swiftShaderIcd;
  let gpu = dawn.create([]);
  let adapter = await gpu.requestAdapter();
  let source = process.env.VK_ICD_FILENAMES === swiftShaderIcd ? "Dawn on SwiftShader (software Vulkan)" : "Dawn";
  if (adapter === null && useSwiftShader()) {
    process.env.VK_ICD_FILENAMES = swiftShaderIcd;
    gpu = dawn.create([]);
    adapter = await gpu.requestAdapter();
    source = "Dawn on SwiftShader (software Vulkan)";
  }
  if (adapter === null) {
    return {
      available: false,
      reason: "Dawn found no WebGPU adapter (no Vulkan driver it accepts)",
      howToEnable: `install a Vulkan driver, or apt-get install libvulkan1 chromium-common for SwiftShader (${swiftShaderIcd})`,
    };
  }
  Object.assign(globalThis, dawn.globals);
  const holder = globalThis as { navigator?: object };
  if (holder.navigator === undefined) Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true, writable: true });
  Object.defineProperty(holder.navigator, "gpu", { value: gpu, configurable: true });
  return describeAdapter(adapter, source);
}
