/**
 * @alexnet-ts/bench: cross-backend benchmarks of AlexNet — model-level (inference latency and
 * throughput, training step) and op-level (each layer at its real shape) workloads, each backend
 * in its own child process (or, as browser:NAME, in a page of headless Chromium), runs interleaved
 * across backends, medians with min–max. The CLI's
 * `alexnet bench` is its front end (it supplies the backend registry).
 */
export { BenchUsageError } from "./errors.js";
export { formatChartSvg } from "./chart-svg.js";
export { browserNote, conventions, formatDuration, formatJson, formatMarkdown, formatTable } from "./format.js";
export { describeMachine, type MachineInfo } from "./machine.js";
export { peerNames, type PeerName } from "./protocol.js";
export { rowName, summarizeRows, type BenchReport, type BenchRow } from "./report.js";
export { defaultWorkerScript, planBench, runBench, type BackendCatalog, type BenchOptions, type BenchPlan } from "./run-bench.js";
export { modelWorkload, modelWorkloads, opWorkloads, selectWorkloads, workloadGroups, type ModelWorkloadName, type OpPass, type Workload } from "./workloads.js";
export { writeFileAtomically } from "./write-file.js";
