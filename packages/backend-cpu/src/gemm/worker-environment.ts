/**
 * Where the gemm's worker threads come from: Node's `worker_threads` or a browser's Web Workers.
 * Both share the caller's WebAssembly memory (a SharedArrayBuffer) and run the same program
 * (worker-pool.ts); only how a worker is made, how it gets its data, and whether the caller may
 * block differ. Found at run time, so one bundle serves both (no Node module is imported).
 */

/** What the pool needs of one worker. */
export interface WorkerHandle {
  terminate(): Promise<void>;
  onError(listener: () => void): void;
}

/** The data each worker starts with. */
export interface WorkerStartData {
  /** The kernel modules (mul + add, fused where the engine has it, the ops kernel); each job names one. */
  readonly modules: readonly WebAssembly.Module[];
  readonly memory: WebAssembly.Memory;
  readonly index: number;
  readonly controlAddress: number;
}

/** One environment's way of making workers. */
export interface WorkerEnvironment {
  /** "node" (worker_threads) or "browser" (Web Workers). */
  readonly kind: "node" | "browser";
  /**
   * Whether workers become ready while the caller blocks in Atomics.wait (Node). A browser
   * starts a Web Worker only once its creator returns to the event loop, so there the pool is
   * started asynchronously (initializeGemm) before use.
   */
  readonly startsWhileBlocked: boolean;
  /** Threads to use by default (the caller included). */
  defaultThreads(): number;
  /** Starts a worker running `main(data)`, where `mainSource` is the text of a function `main`. */
  start(mainSource: string, data: WorkerStartData, name: string): WorkerHandle;
}

/** Why worker threads are unavailable here, or undefined when they are available. */
export function workersUnavailableReason(): string | undefined {
  if (nodeWorkerThreads() !== undefined) return undefined;
  const scope = globalThis as { Worker?: unknown; crossOriginIsolated?: boolean; WorkerGlobalScope?: unknown };
  if (typeof scope.Worker !== "function") return "this environment has no Worker";
  if (typeof SharedArrayBuffer === "undefined" || scope.crossOriginIsolated === false) {
    return "the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp), so memory cannot be shared";
  }
  if (scope.WorkerGlobalScope === undefined) return "on a browser's main thread, where blocking waits (Atomics.wait) are forbidden; run the backend in a Web Worker";
  return undefined;
}

/** What this file uses of `node:worker_threads`. */
interface WorkerThreadsModule {
  Worker: new (code: string, options: { eval: true; workerData: unknown; name?: string }) => {
    unref(): void;
    terminate(): Promise<number>;
    on(event: "error", listener: (error: unknown) => void): void;
  };
}

/** `node:worker_threads` when running in Node (≥ 20.16), synchronously; undefined elsewhere. */
export function nodeWorkerThreads(): WorkerThreadsModule | undefined {
  const processObject = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  try {
    return processObject?.getBuiltinModule?.("node:worker_threads") as WorkerThreadsModule | undefined;
  } catch {
    return undefined;
  }
}

function nodeEnvironment(workerThreads: WorkerThreadsModule): WorkerEnvironment {
  return {
    kind: "node",
    startsWhileBlocked: true,
    defaultThreads() {
      const processObject = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
      const os = processObject?.getBuiltinModule?.("node:os") as { availableParallelism?: () => number; cpus: () => unknown[] } | undefined;
      return Math.max(1, os?.availableParallelism?.() ?? os?.cpus().length ?? 1);
    },
    start(mainSource, data, name) {
      const source = `"use strict";\nconst { workerData } = require("node:worker_threads");\n(${mainSource})(workerData);\n`;
      const worker = new workerThreads.Worker(source, { eval: true, workerData: data, name });
      // Workers never keep the process alive.
      worker.unref();
      return { terminate: () => worker.terminate().then(() => undefined), onError: (listener) => worker.on("error", listener) };
    },
  };
}

function browserEnvironment(): WorkerEnvironment {
  return {
    kind: "browser",
    startsWhileBlocked: false,
    defaultThreads: () => Math.max(1, Math.min((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1, 8)),
    start(mainSource, data, name) {
      // A classic worker from a Blob URL: the same program as in Node, its data sent as the first message.
      const source = `"use strict";\nself.onmessage = (event) => { self.onmessage = null; (${mainSource})(event.data); };\n`;
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      const worker = new Worker(url, { name });
      worker.postMessage(data);
      return {
        async terminate() {
          worker.terminate();
          URL.revokeObjectURL(url);
        },
        onError: (listener) => worker.addEventListener("error", listener),
      };
    },
  };
}

/** The worker environment here, or undefined (see workersUnavailableReason). */
export function workerEnvironment(): WorkerEnvironment | undefined {
  const workerThreads = nodeWorkerThreads();
  if (workerThreads !== undefined) return nodeEnvironment(workerThreads);
  return workersUnavailableReason() === undefined ? browserEnvironment() : undefined;
}
