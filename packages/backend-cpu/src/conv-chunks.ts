import { copyPlanes } from "./plane-copy.js";

// The copies around a convolution's chunk matrix [rows × images·positions] (one group's output
// channels of several images side by side) and the fused epilogue, each one job on every thread
// in the WebAssembly elementwise kernel where the arrays live in wasm memory (./plane-copy.ts).

/** What to do to each output plane right after it is computed, while it is still in cache. */
export interface ConvEpilogue {
  /** [O] added to every cell of output channel o. */
  readonly bias?: Float32Array | undefined;
  readonly relu: boolean;
}

/** Where one group's channel planes of a chunk's first image start in an NCHW tensor, and its shape. */
export interface ChunkPlanes {
  readonly planes: Float32Array;
  readonly offset: number;
  readonly outChannels: number;
  readonly positions: number;
  /** The group's channels: the chunk matrix's rows. */
  readonly rows: number;
  readonly images: number;
}

/** The chunk matrix's rows to the images' channel planes, with the epilogue of channels firstChannel… on the way. */
export function scatterChunk(matrix: Float32Array, to: ChunkPlanes, epilogue: ConvEpilogue | undefined, firstChannel: number): void {
  const { planes, offset, outChannels, positions, rows, images } = to;
  copyPlanes({
    rows, images, length: positions,
    source: matrix, sourceOffset: 0, sourceRowStride: images * positions, sourceImageStride: positions,
    target: planes, targetOffset: offset, targetRowStride: positions, targetImageStride: outChannels * positions,
    bias: epilogue?.bias, biasOffset: firstChannel, relu: epilogue?.relu ?? false,
  });
}

/** The images' channel planes to the chunk matrix's rows. */
export function gatherChunk(from: ChunkPlanes, matrix: Float32Array): void {
  const { planes, offset, outChannels, positions, rows, images } = from;
  copyPlanes({
    rows, images, length: positions,
    source: planes, sourceOffset: offset, sourceRowStride: positions, sourceImageStride: outChannels * positions,
    target: matrix, targetOffset: 0, targetRowStride: images * positions, targetImageStride: positions,
    relu: false,
  });
}

/** The epilogue in place over planes the multiplies wrote directly (every channel of the images). */
export function applyEpilogue(at: ChunkPlanes, epilogue: ConvEpilogue): void {
  const { planes, offset, outChannels, positions, images } = at;
  const layout = { offset, rowStride: positions, imageStride: outChannels * positions };
  copyPlanes({
    rows: outChannels, images, length: positions,
    source: planes, sourceOffset: layout.offset, sourceRowStride: layout.rowStride, sourceImageStride: layout.imageStride,
    target: planes, targetOffset: layout.offset, targetRowStride: layout.rowStride, targetImageStride: layout.imageStride,
    bias: epilogue.bias, biasOffset: 0, relu: epilogue.relu,
  });
}
