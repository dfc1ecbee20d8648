/**
 * headless-gl (the native `gl` package) as gpu.js uses it in Node: whether a context can be made,
 * and which OpenGL driver really renders. headless-gl reports only "ANGLE" as its renderer, so the
 * driver is read from the shared libraries the process has loaded (Linux): Mesa's software
 * rasterizer is llvmpipe (swrast_dri.so with LLVM).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { HeadlessGLKernel } from "../runtime/gpujs.js";

/** Whether headless-gl works here, and if not, why and how to fix it. */
export type HeadlessGlStatus = { readonly available: true; readonly renderer: string } | { readonly available: false; readonly reason: string; readonly howToEnable: string };

/** Whether gpu.js can make a headless-gl context in this process (needs the native build and an X display with GLX). */
export function hasHeadlessGl(): HeadlessGlStatus {
  if (typeof process === "undefined" || process.versions?.node === undefined) {
    return { available: false, reason: "headless-gl is for Node; a browser uses WebGL2", howToEnable: "use gpujs-webgl in a browser" };
  }
  if (!HeadlessGLKernel.isSupported) {
    const loadError = nativeGlLoadError();
    if (loadError !== undefined) {
      return {
        available: false,
        reason: `the native gl@8.1.6 module does not load (${loadError.split("\n")[0]})`,
        howToEnable: "apt-get install build-essential python3 pkg-config libx11-dev libxext-dev libxi-dev libgl1-mesa-dev, then npm rebuild gl (or run .ci/install-gpu.sh)",
      };
    }
    if (process.env.DISPLAY === undefined) {
      return { available: false, reason: "no X display (DISPLAY is unset), so headless-gl cannot make a GL context", howToEnable: "run under xvfb-run -a (apt xvfb xauth libgl1-mesa-dri libglx-mesa0), or in a desktop session" };
    }
    return { available: false, reason: `headless-gl could not make a GL context on display ${process.env.DISPLAY}`, howToEnable: "check that the X server has GLX (do not start Xvfb with -ext GLX) and that libgl1-mesa-dri is installed" };
  }
  return { available: true, renderer: openGlDriver() };
}

/** Why the native gl module does not load, or undefined when it does. */
function nativeGlLoadError(): string | undefined {
  try {
    createRequire(import.meta.url)("gl");
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The OpenGL driver this process loaded, from /proc/self/maps ("OpenGL driver unknown" elsewhere). */
export function openGlDriver(): string {
  let maps: string;
  try {
    maps = readFileSync("/proc/self/maps", "utf8");
  } catch {
    return "OpenGL driver unknown";
  }
  if (/libGLX_nvidia|libnvidia-glcore/.test(maps)) return "NVIDIA OpenGL driver";
  const driver = /\/dri\/(\w+)_dri\.so/.exec(maps)?.[1];
  if (driver === "swrast" || driver === "kms_swrast") return /libLLVM/.test(maps) ? "Mesa llvmpipe (software)" : "Mesa softpipe (software)";
  if (driver !== undefined) return `Mesa ${driver}`;
  return "OpenGL driver unknown";
}
