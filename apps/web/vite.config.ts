import { defineConfig } from "vite";
import { tfjsWasmThreads } from "./vite-tfjs-wasm-threads.js";

/**
 * Cross-origin isolation: with these two headers a page gets SharedArrayBuffer, so the cpu
 * backend's workers and tfjs-wasm's threads share WebAssembly memory. Any static host serving
 * dist/ must send them for threads (without them everything still runs, on one thread).
 */
export const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  // Relative asset paths: dist/ works from any folder of any static host.
  base: "./",
  resolve: {
    // "browser" picks the packages' browser entries (no Node modules); "source" their TypeScript.
    conditions: ["browser", "source", "module", "import", "default"],
  },
  // ES module workers, so the compute worker can import backends on demand (code splitting).
  // Class names survive minification: the gpu.js backend checks which kernel class really ran.
  // tfjs-wasm's threaded build is kept startable there (the compute worker runs every backend).
  worker: { format: "es", plugins: () => [tfjsWasmThreads()], rolldownOptions: { output: { keepNames: true } } },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
  server: { host: "127.0.0.1", headers: isolationHeaders },
  preview: { host: "127.0.0.1", headers: isolationHeaders },
});
