import { BackendRegistry, type BackendSource } from "@alexnet-ts/registry";
import wasmPlainUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimdUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreadedUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";

/**
 * The backend packages this page bundles, each imported only when the registry needs its
 * providers (dynamic imports: the Model page loads none of them). The packages' "browser"
 * entries give the same providers as in Node — names, ranks, descriptions, availability with the
 * reason — minus the Node-only engines. tfjs-wasm is told where the bundler put its binaries, and
 * that its threaded build may start.
 */
const browserBackendSources: readonly BackendSource[] = [
  { packageName: "@alexnet-ts/backend-cpu", load: () => import("@alexnet-ts/backend-cpu") },
  {
    packageName: "@alexnet-ts/backend-tfjs",
    load: async () => ({
      backendProviders: (await import("@alexnet-ts/backend-tfjs")).tfjsBrowserProviders({
        urls: { "tfjs-backend-wasm.wasm": wasmPlainUrl, "tfjs-backend-wasm-simd.wasm": wasmSimdUrl, "tfjs-backend-wasm-threaded-simd.wasm": wasmThreadedUrl },
        // vite.config.ts keeps tfjs's threaded module factory self-contained (tfjsWasmThreads).
        threads: true,
      }),
    }),
  },
  { packageName: "@alexnet-ts/backend-webgl", load: () => import("@alexnet-ts/backend-webgl") },
];

/** The page's backend registry, as the CLI's is over the installed packages: list, resolve, best available. */
export const browserBackendRegistry = new BackendRegistry(browserBackendSources);
