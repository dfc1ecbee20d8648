/**
 * WebGPU in Node for gpu.js (and any other library that looks for `navigator.gpu`): Dawn from the
 * npm `webgpu` package, installed as `navigator.gpu` with its GPU* classes as globals.
 *
 * On a machine without a usable Vulkan driver (Dawn rejects Mesa's lavapipe), SwiftShader from
 * Debian's `chromium-common` serves as a software Vulkan driver: when the default adapter request
 * finds nothing and SwiftShader's ICD file is present, VK_ICD_FILENAMES is pointed at it and the
 * request is retried. A user's own VK_ICD_FILENAMES is left alone.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Debian's SwiftShader Vulkan ICD (apt `chromium-common`). */
export const swiftShaderIcd = "/usr/lib/chromium/vk_swiftshader_icd.json";

/** What `installNodeWebGpu` found: the adapter's description, or why there is none. */
export type NodeWebGpuStatus = { readonly available: true; readonly adapter: string } | { readonly available: false; readonly reason: string; readonly howToEnable: string };

let installation: Promise<NodeWebGpuStatus> | undefined;

/**
 * Makes `navigator.gpu` usable in Node (idempotent; a browser's own `navigator.gpu` is kept).
 * Resolves with the adapter that answered, or why none did.
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
  ensureRuntimeDirectory();
  let webgpu: { create(options: string[]): GpuLike; globals: Record<string, unknown> };
  try {
    webgpu = (await import("webgpu")) as unknown as typeof webgpu;
  } catch (error) {
    return { available: false, reason: `the npm package webgpu did not load: ${(error as Error).message}`, howToEnable: "run npm install (webgpu@0.6.2 ships Dawn prebuilt for linux-x64, darwin and win32)" };
  }
  const useSwiftShader = (): boolean => process.env.VK_ICD_FILENAMES === undefined && existsSync(swiftShaderIcd);
  // Without GPU device nodes the only Vulkan driver left is lavapipe, which Dawn rejects with a
  // warning on stderr: go straight to SwiftShader.
  if (!hasGpuDeviceNodes() && useSwiftShader()) process.env.VK_ICD_FILENAMES = swiftShaderIcd;
  let gpu = webgpu.create([]);
  let adapter = await gpu.requestAdapter();
  let source = process.env.VK_ICD_FILENAMES === swiftShaderIcd ? "Dawn on SwiftShader (software Vulkan)" : "Dawn";
  if (adapter === null && useSwiftShader()) {
    process.env.VK_ICD_FILENAMES = swiftShaderIcd;
    gpu = webgpu.create([]);
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
  Object.assign(globalThis, webgpu.globals);
  const holder = globalThis as { navigator?: object };
  if (holder.navigator === undefined) Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true, writable: true });
  Object.defineProperty(holder.navigator, "gpu", { value: gpu, configurable: true });
  return describeAdapter(adapter, source);
}

interface AdapterLike {
  readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly device?: string; readonly description?: string };
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

function describeAdapter(adapter: AdapterLike | null, source: string): NodeWebGpuStatus {
  if (adapter === null) return { available: false, reason: `${source} has no WebGPU adapter`, howToEnable: "use a browser or machine with a WebGPU-capable GPU" };
  const info = adapter.info;
  const words = [info?.vendor, info?.architecture, info?.description].filter((word): word is string => typeof word === "string" && word.length > 0);
  return { available: true, adapter: words.length > 0 ? `${source}: ${[...new Set(words)].join(" ")}` : source };
}

/** Whether the machine exposes a GPU to this process (Linux DRM render nodes or NVIDIA's device files). */
function hasGpuDeviceNodes(): boolean {
  try {
    return (existsSync("/dev/dri") && readdirSync("/dev/dri").some((name) => name.startsWith("renderD"))) || existsSync("/dev/nvidiactl");
  } catch {
    return false;
  }
}

/** Dawn warns without XDG_RUNTIME_DIR; give it a private (0700) one when the session has none. */
function ensureRuntimeDirectory(): void {
  if (process.env.XDG_RUNTIME_DIR !== undefined) return;
  const directory = join(tmpdir(), `alexnet-ts-runtime-${process.getuid?.() ?? "user"}`);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = directory;
}
