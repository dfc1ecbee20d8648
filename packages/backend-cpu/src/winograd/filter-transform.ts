import { tilePositions } from "./tiles.js";

// The filter side of F(2×2, 3×3), with
//   G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]:
// U = G·g·Gᵀ turns each 3×3 filter g into the 4×4 values that multiply the transformed input
// tiles; dW = Gᵀ·dU·G is its adjoint, turning the products' gradient back into a 3×3 filter
// gradient. Both run once per call over O·C/groups filters (a few ms at AlexNet's sizes, against
// ~100 ms of multiplies), in float64 with one rounding per stored value.

/**
 * U[ξ][f] = (G·g_f·Gᵀ)[ξ] for `count` 3×3 filters stored one after another (9 values each, from
 * `filters[0]`); U is [16][count] (row ξ of filter f at ξ·count + f), the layout whose rows the
 * products read as [O × C/groups] matrices.
 */
export function transformFilters(filters: Float32Array, count: number, transformed: Float32Array): void {
  for (let filter = 0; filter < count; filter++) {
    const at = filter * 9;
    storeTransformed(transformed, filter, count,
      filters[at], filters[at + 1], filters[at + 2], filters[at + 3], filters[at + 4], filters[at + 5], filters[at + 6], filters[at + 7], filters[at + 8]);
  }
}

/**
 * The transformed filters of the input gradient, which is a 3×3 stride-1 convolution of dy with
 * each filter rotated by 180° and input and output channels swapped within each group: from W
 * [O, C/groups, 3, 3], U′ = G·W′·Gᵀ for W′ [C, O/groups, 3, 3], W′[g·Cg + c][o][kh][kw] =
 * W[g·Og + o][c][2 − kh][2 − kw] — read in place, without writing W′ out.
 */
export function transformFlippedFilters(filters: Float32Array, outChannels: number, groupChannels: number, groups: number, transformed: Float32Array): void {
  const groupOutChannels = outChannels / groups;
  const count = outChannels * groupChannels;
  for (let group = 0; group < groups; group++) {
    for (let c = 0; c < groupChannels; c++) {
      const first = (group * groupChannels + c) * groupOutChannels;
      for (let o = 0; o < groupOutChannels; o++) {
        const at = ((group * groupOutChannels + o) * groupChannels + c) * 9;
        storeTransformed(transformed, first + o, count,
          filters[at + 8], filters[at + 7], filters[at + 6], filters[at + 5], filters[at + 4], filters[at + 3], filters[at + 2], filters[at + 1], filters[at]);
      }
    }
  }
}

// U = G·g·Gᵀ of one filter g (row-major g00 … g22) into column `filter` of the 16 rows.
function storeTransformed(
  transformed: Float32Array, filter: number, count: number,
  g00: number, g01: number, g02: number, g10: number, g11: number, g12: number, g20: number, g21: number, g22: number,
): void {
  // Rows of G·g (4×3), each then times Gᵀ.
  storeRow(transformed, filter, count, 0, g00, g01, g02);
  storeRow(transformed, filter, count, 1, (g00 + g10 + g20) / 2, (g01 + g11 + g21) / 2, (g02 + g12 + g22) / 2);
  storeRow(transformed, filter, count, 2, (g00 - g10 + g20) / 2, (g01 - g11 + g21) / 2, (g02 - g12 + g22) / 2);
  storeRow(transformed, filter, count, 3, g20, g21, g22);
}

// Row `row` of (G·g)·Gᵀ from row `row` of G·g.
function storeRow(transformed: Float32Array, filter: number, count: number, row: number, first: number, middle: number, last: number): void {
  const at = 4 * row * count + filter;
  transformed[at] = first;
  transformed[at + count] = (first + middle + last) / 2;
  transformed[at + 2 * count] = (first - middle + last) / 2;
  transformed[at + 3 * count] = last;
}

/**
 * dW_f = Gᵀ·dU_f·G for `count` filters: the adjoint of {@link transformFilters}, from the
 * products' gradient dU [16][count] to 3×3 filter gradients stored one after another.
 */
export function filterGradientFromTransformed(transformed: Float32Array, count: number, gradient: Float32Array): void {
  for (let filter = 0; filter < count; filter++) {
    const at = filter * 9;
    for (let column = 0; column < 4; column++) {
      const u0 = transformed[column * count + filter];
      const u1 = transformed[(4 + column) * count + filter];
      const u2 = transformed[(8 + column) * count + filter];
      const u3 = transformed[(12 + column) * count + filter];
      // Column `column` of Gᵀ·dU (3×4), kept in the gradient's three rows until the last column.
      columnsOfProduct[column] = u0 + (u1 + u2) / 2;
      columnsOfProduct[4 + column] = (u1 - u2) / 2;
      columnsOfProduct[8 + column] = (u1 + u2) / 2 + u3;
    }
    for (let row = 0; row < 3; row++) {
      const s0 = columnsOfProduct[4 * row], s1 = columnsOfProduct[4 * row + 1], s2 = columnsOfProduct[4 * row + 2], s3 = columnsOfProduct[4 * row + 3];
      gradient[at + 3 * row] = s0 + (s1 + s2) / 2;
      gradient[at + 3 * row + 1] = (s1 - s2) / 2;
      gradient[at + 3 * row + 2] = (s1 + s2) / 2 + s3;
    }
  }
}

// Gᵀ·dU of one filter (3×4, row-major), in float64.
const columnsOfProduct = new Float64Array(12);

/** Floats of the transformed filters of `count` 3×3 filters. */
export function transformedFilterLength(count: number): number {
  return tilePositions * count;
}
