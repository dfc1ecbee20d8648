import type { TilePlan } from "./tiles.js";

// The tile side of F(2×2, 3×3) in TypeScript, one channel plane per call, with
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],   Aᵀ = [1 1 1 0; 0 1 −1 −1]:
// V = Bᵀ·d·B per 4×4 input block, y = Aᵀ·m·A per 4×4 block of products, and the adjoint of the
// latter, dm = A·dy·Aᵀ, for the filter gradient. Transformed values go to 16 matrices
// `matrixStride` floats apart (ξ = 4i + j), at the tile's column. The WebAssembly kernel
// (../../wasm/winograd-kernel.wat) does the same in f32x4, four tiles at a time; these loops run
// where it cannot (arrays outside wasm memory, fewer than 4 tiles across, the TypeScript kernels).
// Sums of ≤ 4 terms in float64, rounded once on store.

/** Where one channel plane's tiles go: the transformed value ξ of tile t is at offset + ξ·matrixStride + t. */
export interface TileColumns {
  readonly values: Float32Array;
  /** Offset of transformed value 0 of the plane's first tile. */
  readonly offset: number;
  readonly matrixStride: number;
}

// One channel plane with its padding made explicit, so tiles read it without bounds checks.
let paddedPlane = new Float32Array(0);

function padPlane(source: Float32Array, offset: number, height: number, width: number, padTop: number, padLeft: number, rows: number, columns: number): Float32Array {
  if (paddedPlane.length < rows * columns) paddedPlane = new Float32Array(rows * columns);
  const padded = paddedPlane;
  for (let row = 0; row < rows; row++) {
    const sourceRow = row - padTop;
    const rowStart = row * columns;
    if (sourceRow < 0 || sourceRow >= height) {
      padded.fill(0, rowStart, rowStart + columns);
      continue;
    }
    // Padded column c holds source column c − padLeft (padding may be negative: a crop).
    const first = Math.min(columns, Math.max(0, padLeft));
    const end = Math.max(first, Math.min(columns, width + padLeft));
    padded.fill(0, rowStart, rowStart + first);
    const from = offset + sourceRow * width - padLeft;
    for (let column = first; column < end; column++) padded[rowStart + column] = source[from + column];
    padded.fill(0, rowStart + end, rowStart + columns);
  }
  return padded;
}

/**
 * V = Bᵀ·d·B for every tile of one input plane: tile (ty, tx) reads input rows 2ty − padTop … +3
 * and columns 2tx − padLeft … +3, zero outside the plane.
 */
export function inputTransformPlane(
  source: Float32Array, offset: number, height: number, width: number, padTop: number, padLeft: number,
  plan: TilePlan, target: TileColumns,
): void {
  const { tilesHigh, tilesWide } = plan;
  const columns = 2 * tilesWide + 2;
  const d = padPlane(source, offset, height, width, padTop, padLeft, 2 * tilesHigh + 2, columns);
  const { values, matrixStride } = target;
  let tile = target.offset;
  for (let tileRow = 0; tileRow < tilesHigh; tileRow++) {
    for (let tileColumn = 0; tileColumn < tilesWide; tileColumn++, tile++) {
      const r0 = 2 * tileRow * columns + 2 * tileColumn, r1 = r0 + columns, r2 = r1 + columns, r3 = r2 + columns;
      // Row `row` of Bᵀ·d (a combination of two rows of d), then that row times B.
      for (let row = 0; row < 4; row++) {
        let w0: number, w1: number, w2: number, w3: number;
        if (row === 0) { w0 = d[r0] - d[r2]; w1 = d[r0 + 1] - d[r2 + 1]; w2 = d[r0 + 2] - d[r2 + 2]; w3 = d[r0 + 3] - d[r2 + 3]; }
        else if (row === 1) { w0 = d[r1] + d[r2]; w1 = d[r1 + 1] + d[r2 + 1]; w2 = d[r1 + 2] + d[r2 + 2]; w3 = d[r1 + 3] + d[r2 + 3]; }
        else if (row === 2) { w0 = d[r2] - d[r1]; w1 = d[r2 + 1] - d[r1 + 1]; w2 = d[r2 + 2] - d[r1 + 2]; w3 = d[r2 + 3] - d[r1 + 3]; }
        else { w0 = d[r1] - d[r3]; w1 = d[r1 + 1] - d[r3 + 1]; w2 = d[r1 + 2] - d[r3 + 2]; w3 = d[r1 + 3] - d[r3 + 3]; }
        const at = tile + 4 * row * matrixStride;
        values[at] = w0 - w2;
        values[at + matrixStride] = w1 + w2;
        values[at + 2 * matrixStride] = w2 - w1;
        values[at + 3 * matrixStride] = w1 - w3;
      }
    }
  }
}

/** What the output transform does to each value before storing it: add a bias, then ReLU. */
export interface TileEpilogue {
  readonly bias: number;
  readonly relu: boolean;
}

/**
 * y = Aᵀ·m·A for every tile of one output plane (then + bias, ReLU), keeping only the cells
 * inside the Ho×Wo output.
 */
export function outputTransformPlane(
  products: TileColumns, plan: TilePlan, outputHeight: number, outputWidth: number,
  target: Float32Array, offset: number, epilogue: TileEpilogue,
): void {
  const { tilesHigh, tilesWide } = plan;
  const { values: m, matrixStride: s } = products;
  const { bias, relu } = epilogue;
  let tile = products.offset;
  for (let tileRow = 0; tileRow < tilesHigh; tileRow++) {
    const row = 2 * tileRow;
    const secondRow = row + 1 < outputHeight;
    for (let tileColumn = 0; tileColumn < tilesWide; tileColumn++, tile++) {
      const column = 2 * tileColumn;
      // Aᵀ·m: two rows of four.
      const m0 = tile, m1 = tile + 4 * s, m2 = tile + 8 * s, m3 = tile + 12 * s;
      const a0 = m[m0] + m[m1] + m[m2], a1 = m[m0 + s] + m[m1 + s] + m[m2 + s];
      const a2 = m[m0 + 2 * s] + m[m1 + 2 * s] + m[m2 + 2 * s], a3 = m[m0 + 3 * s] + m[m1 + 3 * s] + m[m2 + 3 * s];
      const b0 = m[m1] - m[m2] - m[m3], b1 = m[m1 + s] - m[m2 + s] - m[m3 + s];
      const b2 = m[m1 + 2 * s] - m[m2 + 2 * s] - m[m3 + 2 * s], b3 = m[m1 + 3 * s] - m[m2 + 3 * s] - m[m3 + 3 * s];
      const at = offset + row * outputWidth + column;
      const secondColumn = column + 1 < outputWidth;
      target[at] = finish(a0 + a1 + a2, bias, relu);
      if (secondColumn) target[at + 1] = finish(a1 - a2 - a3, bias, relu);
      if (secondRow) {
        target[at + outputWidth] = finish(b0 + b1 + b2, bias, relu);
        if (secondColumn) target[at + outputWidth + 1] = finish(b1 - b2 - b3, bias, relu);
      }
    }
  }
}

// NaN stays NaN through ReLU, as in the im2col path's bit trick for positive NaNs.
function finish(value: number, bias: number, relu: boolean): number {
  const shifted = value + bias;
  return relu && shifted <= 0 ? 0 : shifted;
}

/**
 * dm = A·dy·Aᵀ for every tile of one output-gradient plane (dy zero past the Ho×Wo output): the
 * adjoint of {@link outputTransformPlane}, the products' gradient for the filter gradient.
 */
export function gradientTransformPlane(
  source: Float32Array, offset: number, outputHeight: number, outputWidth: number, plan: TilePlan, target: TileColumns,
): void {
  const { tilesHigh, tilesWide } = plan;
  const columns = 2 * tilesWide;
  const dy = padPlane(source, offset, outputHeight, outputWidth, 0, 0, 2 * tilesHigh, columns);
  const { values, matrixStride: s } = target;
  let tile = target.offset;
  for (let tileRow = 0; tileRow < tilesHigh; tileRow++) {
    for (let tileColumn = 0; tileColumn < tilesWide; tileColumn++, tile++) {
      const top = 2 * tileRow * columns + 2 * tileColumn, bottom = top + columns;
      // ·Aᵀ along each row of dy: (d0, d0 + d1, d0 − d1, −d1).
      const p0 = dy[top], p1 = dy[top] + dy[top + 1], p2 = dy[top] - dy[top + 1], p3 = -dy[top + 1];
      const q0 = dy[bottom], q1 = dy[bottom] + dy[bottom + 1], q2 = dy[bottom] - dy[bottom + 1], q3 = -dy[bottom + 1];
      // A· down the columns: rows p, p + q, p − q, −q.
      values[tile] = p0; values[tile + s] = p1; values[tile + 2 * s] = p2; values[tile + 3 * s] = p3;
      values[tile + 4 * s] = p0 + q0; values[tile + 5 * s] = p1 + q1; values[tile + 6 * s] = p2 + q2; values[tile + 7 * s] = p3 + q3;
      values[tile + 8 * s] = p0 - q0; values[tile + 9 * s] = p1 - q1; values[tile + 10 * s] = p2 - q2; values[tile + 11 * s] = p3 - q3;
      values[tile + 12 * s] = -q0; values[tile + 13 * s] = -q1; values[tile + 14 * s] = -q2; values[tile + 15 * s] = -q3;
    }
  }
}
