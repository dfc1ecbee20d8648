import * as tf from "@tensorflow/tfjs-core";
import type { EngineStart } from "../backend.js";
import { activateEngine, tfjsVersion } from "./activate.js";

/** tfjs-backend-cpu: plain JavaScript kernels, on the main thread. */
export async function startCpu(): Promise<EngineStart> {
  await import("@tensorflow/tfjs-backend-cpu");
  await activateEngine("cpu");
  // tfjs-backend-cpu prints "Hi, looks like you are running TensorFlow.js in Node.js…" on its first
  // tensor (it assumes nobody picks it on purpose); here it is a chosen engine, so mark the banner shown.
  (tf.backend() as { firstUse?: boolean }).firstUse = false;
  return { engine: "cpu", description: `${tfjsVersion()} cpu (JavaScript kernels, main thread)` };
}
