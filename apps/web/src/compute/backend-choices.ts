import type { BackendProvider } from "@alexnet-ts/engine";
import wasmPlainUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimdUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreadedUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";

/**
 * The backends a browser can run, by the same names as the CLI's, each package imported only
 * when one of its backends is asked for (dynamic imports: the page loads none of them up front).
 * The same provider objects as in Node (availability with a reason, then create), from the
 * packages' "browser" entries.
 */
const packages: readonly { readonly names: readonly string[]; load(): Promise<readonly BackendProvider[]> }[] = [
  { names: ["cpu"], load: async () => (await import("@alexnet-ts/backend-cpu")).backendProviders },
  {
    names: ["tfjs-wasm", "tfjs-cpu", "tfjs-webgl", "tfjs-webgpu"],
    load: async () =>
      (await import("@alexnet-ts/backend-tfjs")).tfjsBrowserProviders({
        "tfjs-backend-wasm.wasm": wasmPlainUrl,
        "tfjs-backend-wasm-simd.wasm": wasmSimdUrl,
        "tfjs-backend-wasm-threaded-simd.wasm": wasmThreadedUrl,
      }),
  },
  { names: ["gpujs-webgl", "gpujs-webgpu", "gpujs-wasm"], load: async () => (await import("@alexnet-ts/backend-webgl")).gpujsBrowserProviders },
];

/** Every backend name, in the CLI's order. */
export const browserBackendNames: readonly string[] = packages.flatMap((entry) => entry.names);

/** The provider for a name; an unknown name says which there are. */
export async function browserBackendProvider(name: string): Promise<BackendProvider> {
  const entry = packages.find((candidate) => candidate.names.includes(name));
  if (entry === undefined) throw new Error(`unknown backend "${name}"; this page offers: ${browserBackendNames.join(", ")}`);
  let providers: readonly BackendProvider[];
  try {
    providers = await entry.load();
  } catch (error) {
    throw new Error(`backend "${name}" could not be loaded in this browser: ${(error as Error).message}`);
  }
  const provider = providers.find((candidate) => candidate.name === name);
  if (provider === undefined) throw new Error(`backend "${name}" is not provided by its package in the browser`);
  return provider;
}
