import { gemm } from "./gemm/index.js";
import type { ConvGeometry } from "./geometry.js";
import { int32View, reluBits } from "./bits.js";
import { im2col, isPointwise } from "./im2col.js";
import { scratch } from "./storage.js";

/** What to do to each output plane right after it is computed, while it is still in cache. */
export interface ConvEpilogue {
  /** [O] added to every cell of output channel o. */
  readonly bias?: Float32Array | undefined;
  readonly relu: boolean;
}

/**
 * y = conv(x, filter), image by image and group by group: im2col, then one matrix multiply
 * filter_g [O/g × C/g·kH·kW] · columns [C/g·kH·kW × Ho·Wo] written straight into y's NCHW planes.
 */
export function convolveInto(geometry: ConvGeometry, x: Float32Array, filter: Float32Array, output: Float32Array, epilogue?: ConvEpilogue): void {
  const { batch, channels, height, width, outChannels, groups, groupChannels, groupOutChannels, kernelHeight, kernelWidth, outputHeight, outputWidth } = geometry;
  const inner = groupChannels * kernelHeight * kernelWidth;
  const positions = outputHeight * outputWidth;
  const pointwise = isPointwise(geometry);
  const columns = pointwise ? x : scratch("columns", inner * positions);
  for (let image = 0; image < batch; image++) {
    for (let group = 0; group < groups; group++) {
      const inputOffset = (image * channels + group * groupChannels) * height * width;
      if (!pointwise) im2col(geometry, x, inputOffset, groupChannels, columns);
      gemm({
        m: groupOutChannels, n: positions, k: inner,
        a: filter, aOffset: group * groupOutChannels * inner, lda: inner, transposeA: false,
        b: columns, bOffset: pointwise ? inputOffset : 0, ldb: positions, transposeB: false,
        c: output, cOffset: (image * outChannels + group * groupOutChannels) * positions, ldc: positions,
        accumulate: false,
      });
    }
    if (epilogue !== undefined) applyEpilogue(output, image * outChannels * positions, outChannels, positions, epilogue);
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
