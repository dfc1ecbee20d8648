import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Debian's SwiftShader Vulkan driver (apt package chromium-common). */
export const swiftShaderIcd = "/usr/lib/chromium/vk_swiftshader_icd.json";

/** The adapter WebGPU answered with, or why there is none. */
export type WebGpuStatus = { readonly available: true; readonly adapter: string } | { readonly available: false; readonly reason: string; readonly howToEnable: string };

interface AdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly description?: string;
}
interface GpuEntry {
  requestAdapter(): Promise<{ readonly info?: AdapterInfo } | null>;
}

let installed: Promise<WebGpuStatus> | undefined;

/**
 * Gives Node a `navigator.gpu` (once per process): Dawn from the npm `webgpu` package, with its
 * GPU* classes as globals, as tfjs-backend-webgpu expects of a browser. With no Vulkan driver Dawn
 * accepts, SwiftShader's ICD is used when present (a VK_ICD_FILENAMES set by the user is kept).
 * The gpu.js backend (packages/backend-webgl) does the same for itself; both leave the same globals.
 */
export function installNodeWebGpu(): Promise<WebGpuStatus> {
  installed ??= install();
  return installed;
}

async function install(): Promise<WebGpuStatus> {
  const platformGpu = (globalThis as { navigator?: { gpu?: GpuEntry } }).navigator?.gpu;
  if (platformGpu !== undefined) return describe(await platformGpu.requestAdapter(), "navigator.gpu");
  if (typeof process === "undefined" || process.versions?.node === undefined) {
    return { available: false, reason: "this platform has no navigator.gpu", howToEnable: "use a browser with WebGPU enabled" };
  }
  if (process.env.XDG_RUNTIME_DIR === undefined) {
    // Dawn complains without one; a private folder keeps it quiet.
    const folder = join(tmpdir(), `alexnet-ts-xdg-${process.getuid?.() ?? "user"}`);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = folder;
  }
  let dawn: { create(options: string[]): GpuEntry; globals: object };
  try {
    dawn = (await import("webgpu")) as unknown as typeof dawn;
  } catch (error) {
    return { available: false, reason: `the npm package webgpu does not load (${(error as Error).message.split("\n")[0]})`, howToEnable: "npm install (webgpu@0.6.2 ships Dawn prebuilt for linux-x64, darwin and win32)" };
  }
  // Without GPU device files Dawn would only find Mesa's lavapipe, which it rejects with a warning
  // on stderr: go straight to SwiftShader then.
  if (!hasGpuDeviceNodes() && process.env.VK_ICD_FILENAMES === undefined && existsSync(swiftShaderIcd)) process.env.VK_ICD_FILENAMES = swiftShaderIcd;
  let gpu = dawn.create([]);
  let adapter = await gpu.requestAdapter();
  let source = process.env.VK_ICD_FILENAMES === swiftShaderIcd ? "Dawn on SwiftShader, software Vulkan" : "Dawn";
  if (adapter === null && process.env.VK_ICD_FILENAMES === undefined && existsSync(swiftShaderIcd)) {
    process.env.VK_ICD_FILENAMES = swiftShaderIcd;
    gpu = dawn.create([]);
    adapter = await gpu.requestAdapter();
    source = "Dawn on SwiftShader, software Vulkan";
  }
  if (adapter === null) {
    return {
      available: false,
      reason: "Dawn found no WebGPU adapter (no Vulkan driver it accepts)",
      howToEnable: `install a Vulkan GPU driver, or apt-get install libvulkan1 chromium-common for SwiftShader (${swiftShaderIcd})`,
    };
  }
  Object.assign(globalThis, dawn.globals);
  const holder = globalThis as { navigator?: object };
  if (holder.navigator === undefined) Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true, writable: true });
  Object.defineProperty(holder.navigator, "gpu", { value: gpu, configurable: true });
  return describe(adapter, source);
}

function describe(adapter: { readonly info?: AdapterInfo } | null, source: string): WebGpuStatus {
  if (adapter === null) return { available: false, reason: `${source} offers no WebGPU adapter`, howToEnable: "use a machine or browser with a WebGPU-capable GPU" };
  const words = [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].filter((word): word is string => typeof word === "string" && word.length > 0);
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
