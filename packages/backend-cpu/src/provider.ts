import type { BackendProvider } from "@alexnet-ts/engine";
import { createCpuBackend } from "./backend.js";
import { initializeGemm } from "./gemm/index.js";

/** The CPU backend for `--backend cpu`: TypeScript and WebAssembly, available everywhere. */
export const cpuBackendProvider: BackendProvider = {
  name: "cpu",
  rank: 1,
  description: "TypeScript on the CPU, matrix multiply in WebAssembly SIMD on worker threads where available (Node and browsers, no native code)",
  availability: () => Promise.resolve({ available: true }),
  async create() {
    // Made first: it applies ALEXNET_CPU_THREADS. Then compile the WebAssembly kernel and start
    // the workers now, not inside the first training step.
    const backend = createCpuBackend();
    await initializeGemm();
    return backend;
  },
};
