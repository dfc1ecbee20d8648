import { cpus, loadavg, totalmem } from "node:os";

/** The machine a benchmark ran on, for the report's header. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly node: string;
  readonly platform: string;
  /** The 1-minute load average when the run started: other work on the machine skews absolute times (ratios less so, runs being interleaved). */
  readonly loadAverage: number;
}

/** What Node knows about this machine (the CPU model as the kernel reports it, like lscpu's "Model name"). */
export function describeMachine(): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg()[0],
  };
}
