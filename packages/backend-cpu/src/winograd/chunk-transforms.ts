import type { ConvGeometry } from "../geometry.js";
import { gradientTransformPlane, inputTransformPlane, outputTransformPlane } from "./tile-transforms.js";
import type { TilePlan } from "./tiles.js";
import { transformInWasm } from "./wasm-transforms.js";

// The three tile transforms over one chunk of images (`count` images from `firstImage`), in the
// WebAssembly kernel where it can run, else plane by plane in TypeScript. A chunk's 16 tile
// matrices are [planes × span] each (span = count · tiles per image), `planes · span` floats apart.

/** The chunk's images and its matrices' row length. */
export interface Chunk {
  readonly firstImage: number;
  readonly count: number;
  readonly span: number;
}

/** V = Bᵀ·d·B of every tile of every input channel: [16][C][span]. */
export function transformInput(geometry: ConvGeometry, plan: TilePlan, chunk: Chunk, x: Float32Array, tiles: Float32Array): void {
  const { channels, height, width, padTop, padLeft } = geometry;
  const plane = height * width;
  const matrixStride = channels * chunk.span;
  const job = {
    op: "input", plan, images: chunk.count, channels,
    source: x, sourceOffset: chunk.firstImage * channels * plane, sourceImageStride: channels * plane,
    target: tiles, targetOffset: 0, targetImageStride: 0, span: chunk.span, matrixStride,
    height, width, padTop, padLeft, outputHeight: 0, outputWidth: 0, relu: false,
  } as const;
  if (transformInWasm(job)) return;
  for (let image = 0; image < chunk.count; image++) {
    for (let channel = 0; channel < channels; channel++) {
      const offset = ((chunk.firstImage + image) * channels + channel) * plane;
      inputTransformPlane(x, offset, height, width, padTop, padLeft, plan, {
        values: tiles, offset: channel * chunk.span + image * plan.tilesPerImage, matrixStride,
      });
    }
  }
}

/** y = Aᵀ·m·A (+ bias, ReLU) of every tile of every output channel, from the products [16][O][span]. */
export function transformOutput(
  geometry: ConvGeometry, plan: TilePlan, chunk: Chunk, products: Float32Array, output: Float32Array,
  bias: Float32Array | undefined, relu: boolean,
): void {
  const { outChannels, outputHeight, outputWidth } = geometry;
  const plane = outputHeight * outputWidth;
  const matrixStride = outChannels * chunk.span;
  const job = {
    op: "output", plan, images: chunk.count, channels: outChannels,
    source: products, sourceOffset: 0, sourceImageStride: 0,
    target: output, targetOffset: chunk.firstImage * outChannels * plane, targetImageStride: outChannels * plane,
    span: chunk.span, matrixStride, height: 0, width: 0, padTop: 0, padLeft: 0, outputHeight, outputWidth, bias, relu,
  } as const;
  if (transformInWasm(job)) return;
  for (let image = 0; image < chunk.count; image++) {
    for (let channel = 0; channel < outChannels; channel++) {
      const offset = ((chunk.firstImage + image) * outChannels + channel) * plane;
      const tiles = { values: products, offset: channel * chunk.span + image * plan.tilesPerImage, matrixStride };
      outputTransformPlane(tiles, plan, outputHeight, outputWidth, output, offset, { bias: bias?.[channel] ?? 0, relu });
    }
  }
}

/** dm = A·dy·Aᵀ of every tile of every output-gradient channel: [16][O][span]. */
export function transformOutputGradient(geometry: ConvGeometry, plan: TilePlan, chunk: Chunk, dy: Float32Array, tiles: Float32Array): void {
  const { outChannels, outputHeight, outputWidth } = geometry;
  const plane = outputHeight * outputWidth;
  const matrixStride = outChannels * chunk.span;
  const job = {
    op: "gradient", plan, images: chunk.count, channels: outChannels,
    source: dy, sourceOffset: chunk.firstImage * outChannels * plane, sourceImageStride: outChannels * plane,
    target: tiles, targetOffset: 0, targetImageStride: 0, span: chunk.span, matrixStride,
    height: outputHeight, width: outputWidth, padTop: 0, padLeft: 0, outputHeight: 0, outputWidth: 0, relu: false,
  } as const;
  if (transformInWasm(job)) return;
  for (let image = 0; image < chunk.count; image++) {
    for (let channel = 0; channel < outChannels; channel++) {
      const offset = ((chunk.firstImage + image) * outChannels + channel) * plane;
      gradientTransformPlane(dy, offset, outputHeight, outputWidth, plan, {
        values: tiles, offset: channel * chunk.span + image * plan.tilesPerImage, matrixStride,
      });
    }
  }
}

/** The chunks of a batch: `imagesPerChunk` images each, the last possibly fewer. */
export function* chunks(batch: number, plan: TilePlan): Generator<Chunk> {
  for (let firstImage = 0; firstImage < batch; firstImage += plan.imagesPerChunk) {
    const count = Math.min(plan.imagesPerChunk, batch - firstImage);
    yield { firstImage, count, span: count * plan.tilesPerImage };
  }
}
