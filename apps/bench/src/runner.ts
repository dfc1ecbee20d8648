import type { Workload } from "./workloads.js";

/** A workload made ready to time: its inputs are on the device, `run` does one timed unit of work. */
export interface PreparedWorkload {
  /** One run, finished when the promise settles (results read back, so asynchronous engines are done). */
  run(): Promise<void>;
  /** Frees what prepare allocated for this workload. */
  release(): void;
}

/** What runs workloads inside a benchmark child: our engine on a backend, or a peer. */
export interface WorkloadRunner {
  /** What really runs (the backend's describe()). */
  engine(): string;
  /** Bytes held on the device, where the engine knows it. */
  deviceBytes(): number | undefined;
  prepare(workload: Workload): Promise<PreparedWorkload>;
  close(): Promise<void>;
}
