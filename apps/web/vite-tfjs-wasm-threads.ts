import type { Plugin } from "vite";

/** tfjs-backend-wasm's threaded Emscripten module, whose factory its workers re-run from source text. */
const threadedModule = /[/\\]tfjs-backend-wasm[/\\]wasm-out[/\\]tfjs-backend-wasm-threaded-simd\.js$/;

/** The factory's one outside variable: the page script's URL (document.currentScript; never set in a worker). */
const scriptDirectory = /^\s*var _scriptDir = typeof document !== 'undefined' && document\.currentScript \? document\.currentScript\.src : undefined;\n\s*if \(typeof __filename !== 'undefined'\) _scriptDir = _scriptDir \|\| __filename;\n/m;

/**
 * Lets tfjs-wasm's threaded build start in the bundled app. tfjs starts each of its XNNPACK
 * workers with the module factory's source text (`factory.toString()` in a Blob), so the factory
 * must not read variables from around it. It reads one, `_scriptDir`, behind a `typeof` guard;
 * the minifier renames it and drops the guard (it sees the variable declared), and every worker
 * then fails with "e is not defined". The app runs tfjs in its compute worker, where
 * `_scriptDir` is always undefined (no document, no __filename), so removing the declaration
 * changes nothing there and leaves the factory self-contained. An unexpected file is an error
 * at build time, not a silent single thread.
 */
export function tfjsWasmThreads(): Plugin {
  return {
    name: "alexnet-tfjs-wasm-threads",
    transform(code, id) {
      if (!threadedModule.test(id)) return null;
      if (!scriptDirectory.test(code)) this.error(`${id} no longer declares _scriptDir as tfjs-backend-wasm 4.22.0 does; check that its threaded factory is still self-contained, then update apps/web/vite-tfjs-wasm-threads.ts`);
      return { code: code.replace(scriptDirectory, ""), map: null };
    },
  };
}
