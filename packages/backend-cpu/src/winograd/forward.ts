import type { ConvEpilogue } from "../conv-chunks.js";
import { gemm } from "../gemm/index.js";
import type { ConvGeometry } from "../geometry.js";
import { scratch } from "../storage.js";
import { chunks, transformInput, transformOutput } from "./chunk-transforms.js";
import { transformFilters } from "./filter-transform.js";
import { tilePlan, tilePositions } from "./tiles.js";

/**
 * y = conv(x, filter) for a 3×3, stride-1, dilation-1 convolution by Winograd F(2×2, 3×3): the
 * filters transformed once per call (U = G·g·Gᵀ, [16][O][C/groups]), then per chunk of images the
 * input tiles (V = Bᵀ·d·B, [16][C][tiles]), 16 products per group M_ξ = U_ξ · V_ξ on the gemm,
 * and the output transform y = Aᵀ·m·A with the bias and ReLU.
 */
export function winogradConvolve(geometry: ConvGeometry, x: Float32Array, filter: Float32Array, output: Float32Array, epilogue?: ConvEpilogue): void {
  const transformed = scratch("winograd-filter", tilePositions * geometry.outChannels * geometry.groupChannels);
  transformFilters(filter, geometry.outChannels * geometry.groupChannels, transformed);
  convolveTransformed(geometry, x, transformed, output, epilogue);
}

/** The same with the filters already transformed ([16][O][C/groups]); also the input gradient's core. */
export function convolveTransformed(geometry: ConvGeometry, x: Float32Array, transformed: Float32Array, output: Float32Array, epilogue?: ConvEpilogue): void {
  const { batch, channels, outChannels, groups, groupChannels, groupOutChannels } = geometry;
  const plan = tilePlan(geometry);
  const widest = plan.imagesPerChunk * plan.tilesPerImage;
  const inputTiles = scratch("winograd-input", tilePositions * channels * widest);
  const products = scratch("winograd-products", tilePositions * outChannels * widest);
  for (const chunk of chunks(batch, plan)) {
    const { span } = chunk;
    transformInput(geometry, plan, chunk, x, inputTiles);
    for (let position = 0; position < tilePositions; position++) {
      for (let group = 0; group < groups; group++) {
        gemm({
          m: groupOutChannels, n: span, k: groupChannels,
          a: transformed, aOffset: (position * outChannels + group * groupOutChannels) * groupChannels, lda: groupChannels, transposeA: false,
          b: inputTiles, bOffset: (position * channels + group * groupChannels) * span, ldb: span, transposeB: false,
          c: products, cOffset: (position * outChannels + group * groupOutChannels) * span, ldc: span,
          accumulate: false,
        });
      }
    }
    transformOutput(geometry, plan, chunk, products, output, epilogue?.bias, epilogue?.relu ?? false);
  }
}
