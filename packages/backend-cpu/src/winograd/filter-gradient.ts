import { gemm } from "../gemm/index.js";
import type { ConvGeometry } from "../geometry.js";
import { scratch } from "../storage.js";
import { chunks, transformInput, transformOutputGradient } from "./chunk-transforms.js";
import { filterGradientFromTransformed } from "./filter-transform.js";
import { tilePlan, tilePositions } from "./tiles.js";

/**
 * dW = conv2d's filter gradient by Winograd, the adjoint of the forward pass: per chunk the input
 * tiles V = Bᵀ·d·B and the output gradient's tiles dm = A·dy·Aᵀ, then per position and group
 * dU_ξ (+)= dm_ξ · V_ξᵀ on the gemm (summed over the batch's tiles), and finally
 * dW = Gᵀ·dU·G. The same 16/36 of the direct method's multiply-adds per tile as forward.
 */
export function winogradFilterGradient(geometry: ConvGeometry, x: Float32Array, dy: Float32Array, dw: Float32Array): void {
  const { batch, channels, outChannels, groups, groupChannels, groupOutChannels } = geometry;
  const plan = tilePlan(geometry);
  const widest = plan.imagesPerChunk * plan.tilesPerImage;
  const count = outChannels * groupChannels;
  const inputTiles = scratch("winograd-input", tilePositions * channels * widest);
  const gradientTiles = scratch("winograd-products", tilePositions * outChannels * widest);
  const transformedGradient = scratch("winograd-filter", tilePositions * count);
  for (const chunk of chunks(batch, plan)) {
    const { span } = chunk;
    transformInput(geometry, plan, chunk, x, inputTiles);
    transformOutputGradient(geometry, plan, chunk, dy, gradientTiles);
    for (let position = 0; position < tilePositions; position++) {
      for (let group = 0; group < groups; group++) {
        gemm({
          m: groupOutChannels, n: groupChannels, k: span,
          a: gradientTiles, aOffset: (position * outChannels + group * groupOutChannels) * span, lda: span, transposeA: false,
          b: inputTiles, bOffset: (position * channels + group * groupChannels) * span, ldb: span, transposeB: true,
          c: transformedGradient, cOffset: (position * outChannels + group * groupOutChannels) * groupChannels, ldc: groupChannels,
          accumulate: chunk.firstImage > 0,
        });
      }
    }
  }
  filterGradientFromTransformed(transformedGradient, count, dw);
}
