import { runConformance } from "@alexnet-ts/conformance";
import { backendProviders, tfjsEngineTensorCount } from "./index.js";

// The suite at its default (float32) tolerance, and tfjs's own tensor count in the leak checks; training goes through our filter gradient (tfjs-wasm has no Conv2DBackpropFilter).
runConformance(backendProviders, { backends: ["tfjs-wasm"], engineTensorCount: tfjsEngineTensorCount });
