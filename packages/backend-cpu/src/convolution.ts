import { applyEpilogue, gatherChunk, scatterChunk, type ConvEpilogue } from "./conv-chunks.js";
import { gemm } from "./gemm/index.js";
import type { ConvGeometry } from "./geometry.js";
import { col2im, im2col, isPointwise } from "./im2col.js";
import { unfoldInWasm } from "./im2col-wasm.js";
import { scratch } from "./storage.js";
import { usesWinograd } from "./winograd/algorithm.js";
import { winogradFilterGradient } from "./winograd/filter-gradient.js";
import { winogradConvolve } from "./winograd/forward.js";
import { winogradInputGradient } from "./winograd/input-gradient.js";

export type { ConvEpilogue } from "./conv-chunks.js";

// Convolutions as matrix multiplies, per group, over chunks of images: the chunk's im2col columns
// sit side by side in one [C/g·kH·kW × images·Ho·Wo] matrix, so layers with small outputs (13×13
// in conv3-5) still give the multiply ~1,000 columns instead of 169 — fewer, wider multiplies,
// which keep the gemm's threads and packed panels busy. Large outputs run one image at a time.
// 3×3 stride-1 convolutions go to Winograd F(2×2, 3×3) (./winograd) where the switch says so.

/** Columns a multiply should have at least, when the batch allows. */
const targetColumns = 1024;

/** Multiply-adds a chunk's product should reach when the batch allows: twice what makes the gemm use its worker threads (4 MFLOP). */
const targetMultiplyAdds = 1 << 22;
/** Most floats a chunk's column matrix may take for that (16 MiB). */
const maximumColumnFloats = 1 << 22;

/**
 * Images per multiply: enough for `targetColumns` columns, or for `targetMultiplyAdds` where a
 * layer is so small (the small variant's conv1: 32 × 25 × 784 per image) that one image's product
 * would run on one thread; at least 1, at most the batch.
 */
function imagesPerChunk(geometry: ConvGeometry): number {
  const { batch, groupChannels, groupOutChannels, kernelHeight, kernelWidth, outputHeight, outputWidth } = geometry;
  const positions = outputHeight * outputWidth;
  const columnsPerImage = groupChannels * kernelHeight * kernelWidth * positions;
  const byWork = Math.min(Math.ceil(targetMultiplyAdds / (groupOutChannels * columnsPerImage)), Math.floor(maximumColumnFloats / columnsPerImage));
  return Math.max(1, Math.min(batch, Math.max(Math.floor(targetColumns / positions), byWork)));
}

/**
 * The im2col columns of one group of a chunk's images, side by side in `columns` (images ·
 * positions wide); returns where they start. A pointwise convolution taken one image at a time
 * multiplies x itself (`columns` is x then), so nothing is copied.
 */
function unfoldGroup(geometry: ConvGeometry, x: Float32Array, firstImage: number, count: number, group: number, columns: Float32Array, readsInPlace: boolean): number {
  const { channels, height, width, groupChannels, outputHeight, outputWidth } = geometry;
  const firstOffset = (firstImage * channels + group * groupChannels) * height * width;
  if (readsInPlace) return firstOffset;
  const positions = outputHeight * outputWidth;
  const span = count * positions;
  // The WebAssembly kernel on every thread where both arrays live in wasm memory (same values).
  if (!unfoldInWasm("im2col", geometry, x, firstOffset, channels * height * width, groupChannels, count, columns, span)) {
    for (let image = 0; image < count; image++) {
      const inputOffset = ((firstImage + image) * channels + group * groupChannels) * height * width;
      im2col(geometry, x, inputOffset, groupChannels, columns, image * positions, span);
    }
  }
  return 0;
}

/**
 * y = conv(x, filter): per chunk of images and group, im2col, then filter_g [O/g × C/g·kH·kW] ·
 * columns, written straight into y's NCHW planes (one image) or through a chunk matrix (several).
 */
export function convolveInto(geometry: ConvGeometry, x: Float32Array, filter: Float32Array, output: Float32Array, epilogue?: ConvEpilogue): void {
  if (usesWinograd(geometry)) {
    winogradConvolve(geometry, x, filter, output, epilogue);
    return;
  }
  const { batch, channels, height, width, outChannels, groups, groupChannels, groupOutChannels, kernelHeight, kernelWidth, outputHeight, outputWidth } = geometry;
  const inner = groupChannels * kernelHeight * kernelWidth;
  const positions = outputHeight * outputWidth;
  const pointwise = isPointwise(geometry);
  const chunk = imagesPerChunk(geometry);
  const columns = pointwise && chunk === 1 ? x : scratch("columns", inner * chunk * positions);
  const product = chunk > 1 ? scratch("conv-rows", groupOutChannels * chunk * positions) : output;
  for (let firstImage = 0; firstImage < batch; firstImage += chunk) {
    const count = Math.min(chunk, batch - firstImage);
    const span = count * positions;
    for (let group = 0; group < groups; group++) {
      const columnsOffset = unfoldGroup(geometry, x, firstImage, count, group, columns, pointwise && chunk === 1);
      const outputOffset = (firstImage * outChannels + group * groupOutChannels) * positions;
      gemm({
        m: groupOutChannels, n: span, k: inner,
        a: filter, aOffset: group * groupOutChannels * inner, lda: inner, transposeA: false,
        b: columns, bOffset: columnsOffset, ldb: span, transposeB: false,
        c: product, cOffset: chunk > 1 ? 0 : outputOffset, ldc: span,
        accumulate: false,
      });
      if (chunk > 1) scatterChunk(product, { planes: output, offset: outputOffset, outChannels, positions, rows: groupOutChannels, images: count }, epilogue, group * groupOutChannels);
    }
    if (chunk === 1 && epilogue !== undefined) {
      applyEpilogue({ planes: output, offset: firstImage * outChannels * positions, outChannels, positions, rows: outChannels, images: count }, epilogue);
    }
  }
}

/**
 * dx (zero-filled on entry) += conv2d's input gradient: per chunk and group, columns =
 * filter_gᵀ · dy_g, then col2im folds the columns back onto the input's cells.
 */
export function convolutionInputGradient(geometry: ConvGeometry, dy: Float32Array, filter: Float32Array, dx: Float32Array): void {
  if (usesWinograd(geometry)) {
    winogradInputGradient(geometry, dy, filter, dx);
    return;
  }
  const { batch, channels, height, width, outChannels, groups, groupChannels, groupOutChannels, kernelHeight, kernelWidth, outputHeight, outputWidth } = geometry;
  const inner = groupChannels * kernelHeight * kernelWidth;
  const positions = outputHeight * outputWidth;
  const pointwise = isPointwise(geometry);
  const chunk = imagesPerChunk(geometry);
  const columns = pointwise && chunk === 1 ? dx : scratch("columns", inner * chunk * positions);
  const gathered = chunk > 1 ? scratch("conv-rows", groupOutChannels * chunk * positions) : dy;
  for (let firstImage = 0; firstImage < batch; firstImage += chunk) {
    const count = Math.min(chunk, batch - firstImage);
    const span = count * positions;
    for (let group = 0; group < groups; group++) {
      const dyOffset = (firstImage * outChannels + group * groupOutChannels) * positions;
      if (chunk > 1) gatherChunk({ planes: dy, offset: dyOffset, outChannels, positions, rows: groupOutChannels, images: count }, gathered);
      const inputOffset = (firstImage * channels + group * groupChannels) * height * width;
      gemm({
        m: inner, n: span, k: groupOutChannels,
        a: filter, aOffset: group * groupOutChannels * inner, lda: inner, transposeA: true,
        b: gathered, bOffset: chunk > 1 ? 0 : dyOffset, ldb: span, transposeB: false,
        c: columns, cOffset: pointwise && chunk === 1 ? inputOffset : 0, ldc: span,
        accumulate: false,
      });
      if (pointwise && chunk === 1) continue;
      if (unfoldInWasm("col2im", geometry, dx, inputOffset, channels * height * width, groupChannels, count, columns, span)) continue;
      for (let image = 0; image < count; image++) {
        const imageOffset = ((firstImage + image) * channels + group * groupChannels) * height * width;
        col2im(geometry, columns, image * positions, span, groupChannels, dx, imageOffset);
      }
    }
  }
}

/**
 * dW = conv2d's filter gradient: per group, the sum over chunks of dy_g · columnsᵀ, accumulated
 * into the filter gradient (the first chunk overwrites it).
 */
export function convolutionFilterGradient(geometry: ConvGeometry, x: Float32Array, dy: Float32Array, dw: Float32Array): void {
  if (usesWinograd(geometry)) {
    winogradFilterGradient(geometry, x, dy, dw);
    return;
  }
  const { batch, channels, height, width, outChannels, groups, groupChannels, groupOutChannels, kernelHeight, kernelWidth, outputHeight, outputWidth } = geometry;
  const inner = groupChannels * kernelHeight * kernelWidth;
  const positions = outputHeight * outputWidth;
  const pointwise = isPointwise(geometry);
  const chunk = imagesPerChunk(geometry);
  const columns = pointwise && chunk === 1 ? x : scratch("columns", inner * chunk * positions);
  const gathered = chunk > 1 ? scratch("conv-rows", groupOutChannels * chunk * positions) : dy;
  for (let firstImage = 0; firstImage < batch; firstImage += chunk) {
    const count = Math.min(chunk, batch - firstImage);
    const span = count * positions;
    for (let group = 0; group < groups; group++) {
      const dyOffset = (firstImage * outChannels + group * groupOutChannels) * positions;
      const columnsOffset = unfoldGroup(geometry, x, firstImage, count, group, columns, pointwise && chunk === 1);
      if (chunk > 1) gatherChunk({ planes: dy, offset: dyOffset, outChannels, positions, rows: groupOutChannels, images: count }, gathered);
      gemm({
        m: groupOutChannels, n: inner, k: span,
        a: gathered, aOffset: chunk > 1 ? 0 : dyOffset, lda: span, transposeA: false,
        b: columns, bOffset: columnsOffset, ldb: span, transposeB: true,
        c: dw, cOffset: group * groupOutChannels * inner, ldc: inner,
        accumulate: firstImage > 0,
      });
    }
  }
}
