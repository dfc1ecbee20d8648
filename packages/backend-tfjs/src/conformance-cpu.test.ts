import { runConformance } from "@alexnet-ts/conformance";
import { backendProviders, tfjsEngineTensorCount } from "./index.js";

// The suite at its default (float32) tolerance, and tfjs's own tensor count in the leak checks.
runConformance(backendProviders, { backends: ["tfjs-cpu"], engineTensorCount: tfjsEngineTensorCount });
