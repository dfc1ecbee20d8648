import type { Backend, BackendProvider } from "@alexnet-ts/engine";
import { backendNames, createGpujsBackend } from "./create-backend.js";
import { probedAvailability } from "./mode-availability.js";
import { modeRanks } from "./mode-names.js";
import type { GpujsMode } from "./runtime/device.js";

/**
 * Whether a mode really runs here: the backend is made (environment, probe kernel, check of the
 * kernel class gpu.js actually used) and closed again. Cached per process.
 */
const modeAvailability = probedAvailability(
  (mode) => createGpujsBackend(mode),
  (mode, error) => ({ available: false, reason: `gpu.js failed in ${backendNames[mode]} mode: ${error.message}`, howToEnable: "report this with the output of `alexnet backends`" }),
);

/** The modes `gpujs` tries, best first: WebGPU (compute shaders), then WebGL, then WebAssembly. */
export const preferenceOrder: readonly GpujsMode[] = ["webgpu", "webgl", "wasm"];

function modeProvider(mode: GpujsMode, description: string): BackendProvider {
  return {
    name: backendNames[mode],
    rank: modeRanks[mode],
    description,
    availability: () => modeAvailability(mode),
    async create(): Promise<Backend> {
      return (await createGpujsBackend(mode)) as unknown as Backend;
    },
  };
}

/** `gpujs`: the best mode that really runs here (its describe() names the one chosen). */
const bestAvailable: BackendProvider = {
  name: "gpujs",
  rank: 30,
  description: "gpu.js, the best mode that runs here (WebGPU, else WebGL, else WebAssembly)",
  async availability() {
    for (const mode of preferenceOrder) if ((await modeAvailability(mode)).available) return { available: true };
    return { available: false, reason: "no gpu.js mode runs here", howToEnable: "gpujs-wasm needs only Node 20; see its availability" };
  },
  async create(): Promise<Backend> {
    for (const mode of preferenceOrder) {
      if ((await modeAvailability(mode)).available) return (await createGpujsBackend(mode, { name: "gpujs" })) as unknown as Backend;
    }
    throw new Error("gpujs: no gpu.js mode runs here (see `alexnet backends`)");
  },
};

/** One provider per `--backend` name this package offers. */
export const gpujsBackendProviders: readonly BackendProvider[] = [
  bestAvailable,
  modeProvider("webgl", "gpu.js on WebGL: headless-gl in Node (needs an X display: xvfb-run -a), WebGL2 in browsers"),
  modeProvider("webgpu", "gpu.js on WebGPU: Dawn (npm webgpu) in Node, navigator.gpu in browsers"),
  modeProvider("wasm", "gpu.js on WebAssembly with SIMD, on the CPU"),
];
