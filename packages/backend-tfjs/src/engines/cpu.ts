import type { EngineStart } from "../backend.js";
import { activateEngine, tfjsVersion } from "./activate.js";

/** tfjs-backend-cpu: plain JavaScript kernels, on the main thread. */
export async function startCpu(): Promise<EngineStart> {
  await import("@tensorflow/tfjs-backend-cpu");
  await activateEngine("cpu");
  return { engine: "cpu", description: `${tfjsVersion()} cpu (JavaScript kernels, main thread)` };
}
