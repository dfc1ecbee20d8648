import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** What the lazily loaded renderer gives: an SVG document in, PNG bytes out. */
type Renderer = (svg: string) => Uint8Array;

let renderer: Promise<Renderer> | undefined;

/**
 * Renders an SVG document to PNG with resvg compiled to WebAssembly (`@resvg/resvg-wasm`: no
 * native build), drawing text with DejaVu Sans from `dejavu-fonts-ttf` (the wasm build sees no
 * system fonts). Both load on the first call only, so commands that never draw pay nothing.
 * `scale` 2 gives a sharp image on high-density screens.
 */
export async function renderPng(svg: string, scale = 2): Promise<Uint8Array> {
  renderer ??= loadRenderer(scale);
  return (await renderer)(svg);
}

async function loadRenderer(scale: number): Promise<Renderer> {
  const require = createRequire(import.meta.url);
  const resvg = await import("@resvg/resvg-wasm");
  await resvg.initWasm(readFileSync(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
  const font = readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"));
  const fontBuffers = [new Uint8Array(font.buffer, font.byteOffset, font.byteLength)];
  return (svg) => {
    const image = new resvg.Resvg(svg, { fitTo: { mode: "zoom", value: scale }, font: { fontBuffers, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" } });
    try {
      const rendered = image.render();
      try {
        return rendered.asPng();
      } finally {
        rendered.free();
      }
    } finally {
      image.free();
    }
  };
}
