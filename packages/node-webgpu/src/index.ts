export { installNodeWebGpu, swiftShaderIcd, type NodeWebGpuStatus } from "./install.js";
