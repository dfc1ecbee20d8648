import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BackendProvider } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { EngineStart } from "../backend.js";
import { activateEngine, tfjsVersion } from "./activate.js";

/** The part of headless-gl's context this module uses. */
type HeadlessContext = WebGLRenderingContext;
type CreateGl = (width: number, height: number, attributes?: WebGLContextAttributes) => HeadlessContext | null;

const isBrowser = typeof document !== "undefined";

/** headless-gl's factory, or why it does not load. */
function loadHeadlessGl(): { create: CreateGl } | { error: string } {
  try {
    return { create: createRequire(import.meta.url)("gl") as CreateGl };
  } catch (error) {
    return { error: (error as Error).message.split("\n")[0] };
  }
}

/** Makes a headless-gl context, or says why it cannot. */
function makeContext(): { context: HeadlessContext } | { reason: string; howToEnable: string } {
  const loaded = loadHeadlessGl();
  if ("error" in loaded) {
    return {
      reason: `the native gl package does not load (${loaded.error})`,
      howToEnable: "install gl@8.1.6 with its native build (apt-get install build-essential python3 pkg-config libx11-dev libxext-dev libxi-dev libgl1-mesa-dev, then npm rebuild gl)",
    };
  }
  if (process.env.DISPLAY === undefined) {
    return { reason: "no X display (DISPLAY is unset), so headless-gl cannot make a GL context", howToEnable: "run under xvfb-run -a (apt-get install xvfb xauth libgl1-mesa-dri libglx-mesa0)" };
  }
  const context = loaded.create(1, 1, { alpha: false, antialias: false, premultipliedAlpha: false, preserveDrawingBuffer: false, depth: false, stencil: false });
  if (context === null) return { reason: `headless-gl could not make a GL context on display ${process.env.DISPLAY}`, howToEnable: "check that the X server has GLX and that libgl1-mesa-dri is installed" };
  if (context.getExtension("OES_texture_float") === null) {
    return { reason: "the GL context has no OES_texture_float, which tfjs-webgl needs on WebGL 1", howToEnable: "use Mesa's llvmpipe (libgl1-mesa-dri) or a GPU driver with float textures" };
  }
  patchArrayUniforms(context);
  return { context };
}

/**
 * headless-gl finds an array uniform only by its first element's name ("start[0]"); asked for
 * "start", as browsers allow and tfjs does for its custom uniforms (slice offsets, pad sizes…),
 * it answers null and the shader silently runs with zeros. Looking up "name[0]" when "name"
 * finds nothing gives tfjs the whole array.
 */
function patchArrayUniforms(context: HeadlessContext): void {
  const lookUp = context.getUniformLocation.bind(context);
  context.getUniformLocation = (program: WebGLProgram, name: string): WebGLUniformLocation | null =>
    lookUp(program, name) ?? (name.endsWith("]") ? null : lookUp(program, `${name}[0]`));
}

/** The OpenGL driver this process loaded (headless-gl reports only "ANGLE" as its renderer). */
function openGlDriver(): string {
  try {
    const maps = readFileSync("/proc/self/maps", "utf8");
    const driver = /\/dri\/(\w+)_dri\.so/.exec(maps)?.[1];
    if (/libGLX_nvidia|libnvidia-glcore/.test(maps)) return "NVIDIA OpenGL";
    if (driver === "swrast" || driver === "kms_swrast") return /libLLVM/.test(maps) ? "Mesa llvmpipe, software" : "Mesa softpipe, software";
    return driver === undefined ? "OpenGL driver unknown" : `Mesa ${driver}`;
  } catch {
    return "OpenGL driver unknown";
  }
}

/** Frees a headless-gl context (its own extension; a browser context is left to the page). */
function destroyContext(context: HeadlessContext): void {
  (context.getExtension("STACKGL_destroy_context" as never) as { destroy(): void } | null)?.destroy();
}

/** Whether tfjs-webgl can run: a browser's WebGL, or headless-gl on an X display in Node. */
export async function webGlAvailability(): ReturnType<BackendProvider["availability"]> {
  if (isBrowser) return { available: true };
  const made = makeContext();
  if ("reason" in made) return { available: false, reason: made.reason, howToEnable: made.howToEnable };
  destroyContext(made.context);
  return { available: true };
}

/**
 * tfjs-backend-webgl. In Node it runs on a headless-gl (WebGL 1) context handed to tfjs with
 * setWebGLContext, since tfjs would otherwise look for a DOM canvas; float32 render targets come
 * from OES_texture_float.
 */
export async function startWebGl(): Promise<EngineStart> {
  const webgl = await import("@tensorflow/tfjs-backend-webgl");
  let release: (() => void) | undefined;
  let version = "WebGL";
  if (!isBrowser) {
    const made = makeContext();
    if ("reason" in made) throw new Error(`tfjs-webgl: ${made.reason} (${made.howToEnable})`);
    tf.env().set("WEBGL_VERSION", 1);
    webgl.setWebGLContext(1, made.context);
    const context = made.context;
    release = () => destroyContext(context);
    version = `WebGL 1 on headless-gl, ${openGlDriver()}`;
    // tfjs-backend-webgl registers its engine only in a browser; its kernels register anywhere.
    if (tf.findBackendFactory("webgl") === null) tf.registerBackend("webgl", () => new webgl.MathBackendWebGL(), 2);
  }
  await activateEngine("webgl");
  const precision = tf.env().getBool("WEBGL_RENDER_FLOAT32_ENABLED") ? "float32" : "float16";
  const readBack = tf.env().getBool("WEBGL_DOWNLOAD_FLOAT_ENABLED") ? "" : ", read back through RGBA8 encoding";
  return { engine: "webgl", description: `${tfjsVersion()} webgl (${version}, ${precision} textures${readBack})`, release };
}
