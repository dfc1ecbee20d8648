import type { BackendProvider } from "@alexnet-ts/engine";
import { createCpuBackend } from "./backend.js";

/** The CPU backend for `--backend cpu`: pure TypeScript, available everywhere. */
export const cpuBackendProvider: BackendProvider = {
  name: "cpu",
  description: "Pure TypeScript on the CPU (Node and browsers, no native code)",
  availability: () => Promise.resolve({ available: true }),
  create: () => Promise.resolve(createCpuBackend()),
};
