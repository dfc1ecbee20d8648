import * as tf from "@tensorflow/tfjs-core";
import type { EngineStart } from "../backend.js";
import { activateEngine, tfjsVersion } from "./activate.js";

/** Whether this browser context can make a WebGL2 (or WebGL 1) context: a page canvas or, in a worker, an OffscreenCanvas. */
export function browserWebGlVersion(): 0 | 1 | 2 {
  const canvas = typeof OffscreenCanvas !== "undefined" ? new OffscreenCanvas(1, 1) : typeof document !== "undefined" ? document.createElement("canvas") : undefined;
  if (canvas === undefined) return 0;
  if (canvas.getContext("webgl2") !== null) return 2;
  return canvas.getContext("webgl") !== null ? 1 : 0;
}

/** tfjs-backend-webgl on the browser's own WebGL (an OffscreenCanvas when run in a worker). */
export async function startBrowserWebGl(): Promise<EngineStart> {
  await import("@tensorflow/tfjs-backend-webgl");
  await activateEngine("webgl");
  const version = tf.env().getNumber("WEBGL_VERSION");
  const precision = tf.env().getBool("WEBGL_RENDER_FLOAT32_ENABLED") ? "float32" : "float16";
  return { engine: "webgl", description: `${tfjsVersion()} webgl (WebGL ${version} in the browser, ${precision} textures)` };
}
