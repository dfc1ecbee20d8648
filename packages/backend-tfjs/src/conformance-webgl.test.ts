import { runConformance } from "@alexnet-ts/conformance";
import { backendProviders, tfjsEngineTensorCount } from "./index.js";

// Small sizes: a software GPU (Mesa llvmpipe / SwiftShader) is slow. Without the system packages the suite skips itself with the reason.
runConformance(backendProviders, { backends: ["tfjs-webgl"], sizes: "small", engineTensorCount: tfjsEngineTensorCount });
