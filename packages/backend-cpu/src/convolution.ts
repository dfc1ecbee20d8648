import { int32View, reluBits } from "./bits.js";
import { gemm } from "./gemm/index.js";
import type { ConvGeometry } from "./geometry.js";
import { col2im, im2col, isPointwise } from "./im2col.js";
import { unfoldInWasm } from "./im2col-wasm.js";
import { scratch } from "./storage.js";
import { usesWinograd } from "./winograd/algorithm.js";
import { winogradFilterGradient } from "./winograd/filter-gradient.js";
import { winogradConvolve } from "./winograd/forward.js";
import { winogradInputGradient } from "./winograd/input-gradient.js";

// Convolutions as matrix multiplies, per group, over chunks of images: the chunk's im2col columns
// sit side by side in one [C/g·kH·kW × images·Ho·Wo] matrix, so layers with small outputs (13×13
// in conv3-5) still give the multiply ~1,000 columns instead of 169 — fewer, wider multiplies,
// which keep the gemm's threads and packed panels busy. Large outputs run one image at a time.
// 3×3 stride-1 convolutions go to Winograd F(2×2, 3×3) (./winograd) where the switch says so.

/** Columns a multiply should have at least, when the batch allows. */
const targetColumns = 1024;

/** Images per multiply: enough for `targetColumns` columns, at least 1, at most the batch. */
function imagesPerChunk(positions: number, batch: number): number {
  return Math.max(1, Math.min(batch, Math.floor(targetColumns / positions)));
}

/** What to do to each output plane right after it is computed, while it is still in cache. */
export interface ConvEpilogue {
  /** [O] added to every cell of output channel o. */
  readonly bias?: Float32Array | undefined;
  readonly relu: boolean;
}

/** Copies rows of `length` values between an NCHW tensor's channel planes and a chunk matrix. */
function copyPlanes(
  from: Float32Array,
  fromOffset: number,
  fromStride: number,
  to: Float32Array,
  toOffset: number,
  toStride: number,
  rows: number,
  length: number,
): void {
  for (let row = 0; row < rows; row++) {
    const source = fromOffset + row * fromStride;
    const target = toOffset + row * toStride;
    for (let index = 0; index < length; index++) to[target + index] = from[source + index];
  }
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
  const chunk = imagesPerChunk(positions, batch);
  const columns = pointwise && chunk === 1 ? x : scratch("columns", inner * chunk * positions);
  const product = chunk > 1 ? scratch("conv-rows", groupOutChannels * chunk * positions) : output;
  for (let firstImage = 0; firstImage < batch; firstImage += chunk) {
    const count = Math.min(chunk, batch - firstImage);
    const span = count * positions;
    for (let group = 0; group < groups; group++) {
      let columnsOffset = 0;
      if (pointwise && chunk === 1) {
        columnsOffset = (firstImage * channels + group * groupChannels) * height * width;
      } else {
        const firstOffset = (firstImage * channels + group * groupChannels) * height * width;
        // The WebAssembly kernel on every thread where both arrays live in wasm memory (same values).
        if (!unfoldInWasm("im2col", geometry, x, firstOffset, channels * height * width, groupChannels, count, columns, span)) {
          for (let image = 0; image < count; image++) {
            const inputOffset = ((firstImage + image) * channels + group * groupChannels) * height * width;
            im2col(geometry, x, inputOffset, groupChannels, columns, image * positions, span);
          }
        }
      }
      const outputOffset = (firstImage * outChannels + group * groupOutChannels) * positions;
      gemm({
        m: groupOutChannels, n: span, k: inner,
        a: filter, aOffset: group * groupOutChannels * inner, lda: inner, transposeA: false,
        b: columns, bOffset: columnsOffset, ldb: span, transposeB: false,
        c: product, cOffset: chunk > 1 ? 0 : outputOffset, ldc: span,
        accumulate: false,
      });
      if (chunk > 1) {
        for (let image = 0; image < count; image++) {
          copyPlanes(product, image * positions, span, output, outputOffset + image * outChannels * positions, positions, groupOutChannels, positions);
        }
      }
    }
    if (epilogue !== undefined) {
      for (let image = firstImage; image < firstImage + count; image++) applyEpilogue(output, image * outChannels * positions, outChannels, positions, epilogue);
    }
  }
}

function applyEpilogue(output: Float32Array, offset: number, outChannels: number, positions: number, epilogue: ConvEpilogue): void {
  const { bias, relu } = epilogue;
  const bits = relu ? int32View(output) : undefined;
  for (let channel = 0; channel < outChannels; channel++) {
    const shift = bias === undefined ? 0 : bias[channel];
    const start = offset + channel * positions;
    const end = start + positions;
    if (shift !== 0) for (let index = start; index < end; index++) output[index] += shift;
    if (bits !== undefined) reluBits(bits, bits, start, end);
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
  const chunk = imagesPerChunk(positions, batch);
  const columns = pointwise && chunk === 1 ? dx : scratch("columns", inner * chunk * positions);
  const gathered = chunk > 1 ? scratch("conv-rows", groupOutChannels * chunk * positions) : dy;
  for (let firstImage = 0; firstImage < batch; firstImage += chunk) {
    const count = Math.min(chunk, batch - firstImage);
    const span = count * positions;
    for (let group = 0; group < groups; group++) {
      const dyOffset = (firstImage * outChannels + group * groupOutChannels) * positions;
      if (chunk > 1) {
        for (let image = 0; image < count; image++) {
          copyPlanes(dy, dyOffset + image * outChannels * positions, positions, gathered, image * positions, span, groupOutChannels, positions);
        }
      }
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
  const chunk = imagesPerChunk(positions, batch);
  const columns = pointwise && chunk === 1 ? x : scratch("columns", inner * chunk * positions);
  const gathered = chunk > 1 ? scratch("conv-rows", groupOutChannels * chunk * positions) : dy;
  for (let firstImage = 0; firstImage < batch; firstImage += chunk) {
    const count = Math.min(chunk, batch - firstImage);
    const span = count * positions;
    for (let group = 0; group < groups; group++) {
      const dyOffset = (firstImage * outChannels + group * groupOutChannels) * positions;
      let columnsOffset = 0;
      if (pointwise && chunk === 1) {
        columnsOffset = (firstImage * channels + group * groupChannels) * height * width;
      } else {
        const firstOffset = (firstImage * channels + group * groupChannels) * height * width;
        // The WebAssembly kernel on every thread where both arrays live in wasm memory (same values).
        if (!unfoldInWasm("im2col", geometry, x, firstOffset, channels * height * width, groupChannels, count, columns, span)) {
          for (let image = 0; image < count; image++) {
            const inputOffset = ((firstImage + image) * channels + group * groupChannels) * height * width;
            im2col(geometry, x, inputOffset, groupChannels, columns, image * positions, span);
          }
        }
      }
      if (chunk > 1) {
        for (let image = 0; image < count; image++) {
          copyPlanes(dy, dyOffset + image * outChannels * positions, positions, gathered, image * positions, span, groupOutChannels, positions);
        }
      }
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
