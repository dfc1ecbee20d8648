import type { Backend, BackendProvider } from "@alexnet-ts/engine";
import { createTfjsBackend, type EngineStart } from "./backend.js";
import { startCpu } from "./engines/cpu.js";
import { nodeAvailability, startNode } from "./engines/node.js";
import { startWasm, wasmBinariesPresent, wasmBinaryFolder } from "./engines/wasm.js";
import { startWebGl, webGlAvailability } from "./engines/webgl.js";
import { startWebGpu, webGpuAvailability } from "./engines/webgpu.js";
import { tfjsRanks } from "./ranks.js";

type Availability = Awaited<ReturnType<BackendProvider["availability"]>>;

function provider(name: string, description: string, availability: () => Promise<Availability>, start: () => Promise<EngineStart>): BackendProvider {
  return {
    name,
    rank: tfjsRanks[name],
    description,
    availability,
    async create(): Promise<Backend> {
      const status = await availability();
      if (!status.available) throw new Error(`${name} is not available here: ${status.reason} (to enable it: ${status.howToEnable})`);
      return createTfjsBackend(name, await start()) as unknown as Backend;
    },
  };
}

const always = async (): Promise<Availability> => ({ available: true });

/**
 * One provider per TensorFlow.js engine, by `--backend` name.
 *
 * tfjs has one global engine per process: creating a second tfjs backend switches it, after which
 * the first one's ops throw a clear error instead of silently running on the other engine. Run
 * two tfjs engines side by side in separate processes (the benchmark does).
 */
export const tfjsBackendProviders: readonly BackendProvider[] = [
  provider("tfjs-node", "TensorFlow.js on native TensorFlow (@tensorflow/tfjs-node, optional)", nodeAvailability, startNode),
  provider(
    "tfjs-wasm",
    "TensorFlow.js WebAssembly engine (XNNPACK, SIMD); trains convolutions through our own filter gradient",
    async () =>
      wasmBinariesPresent()
        ? { available: true }
        : { available: false, reason: `the .wasm binaries are missing from ${wasmBinaryFolder()}`, howToEnable: "reinstall @tensorflow/tfjs-backend-wasm@4.22.0 (npm ci)" },
    startWasm,
  ),
  provider("tfjs-cpu", "TensorFlow.js plain JavaScript engine", always, startCpu),
  provider("tfjs-webgl", "TensorFlow.js WebGL engine (in Node: headless-gl, under xvfb-run -a)", webGlAvailability, startWebGl),
  provider("tfjs-webgpu", "TensorFlow.js WebGPU engine (in Node: Dawn from the webgpu package; SwiftShader in software)", webGpuAvailability, startWebGpu),
];
