import type { ConvGeometry } from "../geometry.js";

// Winograd F(2×2, 3×3): each 2×2 block of outputs ("tile") comes from a 4×4 block of the padded
// input, so a tile's 16 transformed values replace the 36 multiply-adds per channel of the direct
// sum with 16. The tiles of a chunk of images are the columns of 16 matrix products (one per
// transformed position ξ = 4i + j), so those run on the gemm like im2col's columns do.

/** Transformed positions per tile (4×4). */
export const tilePositions = 16;

/** Tiles per product when the batch allows: wide enough for the gemm's packed panels and threads. */
const targetTiles = 1024;

/** How a convolution's output is cut into 2×2 tiles and the batch into chunks of images. */
export interface TilePlan {
  /** Tile rows and columns per image: ⌈Ho/2⌉ and ⌈Wo/2⌉ (the last may stick out of the output). */
  readonly tilesHigh: number;
  readonly tilesWide: number;
  readonly tilesPerImage: number;
  /** Images whose tiles share one set of products. */
  readonly imagesPerChunk: number;
}

/** Cuts `geometry`'s outputs into tiles. */
export function tilePlan(geometry: ConvGeometry): TilePlan {
  const tilesHigh = Math.ceil(geometry.outputHeight / 2);
  const tilesWide = Math.ceil(geometry.outputWidth / 2);
  const tilesPerImage = tilesHigh * tilesWide;
  const widest = Math.max(1, Math.min(geometry.batch, Math.floor(targetTiles / tilesPerImage)));
  // As many chunks as the widest allows, of equal size (32 images of 49 tiles: 16 + 16, not 20 + 12).
  const imagesPerChunk = Math.max(1, Math.ceil(geometry.batch / Math.max(1, Math.ceil(geometry.batch / widest))));
  return { tilesHigh, tilesWide, tilesPerImage, imagesPerChunk };
}

/** Whether F(2×2, 3×3) computes this convolution: a 3×3 kernel, stride 1 and dilation 1 (any padding, any groups). */
export function winogradApplies(geometry: ConvGeometry): boolean {
  return (
    geometry.kernelHeight === 3 && geometry.kernelWidth === 3 &&
    geometry.strideHeight === 1 && geometry.strideWidth === 1 &&
    geometry.dilationHeight === 1 && geometry.dilationWidth === 1
  );
}
