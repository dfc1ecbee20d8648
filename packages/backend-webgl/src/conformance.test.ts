import { runConformance } from "@alexnet-ts/conformance";
import { backendProviders } from "./index.js";

// Each gpu.js mode at the default tolerance (the kernels sum in float32 in one fixed order: ops.test.ts measures them far inside it); small sizes, since everything is software-rendered here, with seed-keras at 67×67 as a whole-model forward pass beside small.
runConformance(backendProviders, { backends: ["gpujs-webgl", "gpujs-webgpu", "gpujs-wasm"], sizes: "small", inferenceModels: ["seed-keras"] });
