/**
 * The shape kit: the shape arithmetic every layer shares — element counts, strides, NumPy
 * broadcasting, sliding-window output sizes and shape formatting. It lives in the IR, the
 * lowest layer, so that the IR's checks, the engine, every backend and the conformance
 * reference use one copy without any import running upward. Imported as `@alexnet-ts/ir/shape`
 * and re-exported by `@alexnet-ts/engine`.
 */
export { broadcastShape } from "./broadcast.js";
export { elementCount, stridesOf } from "./count.js";
export { formatDimensions, formatShape } from "./format.js";
export { slidingWindowLength, windowOutputSize, type Window2d, type WindowAxis } from "./window.js";
export { convolutionOutputShape, poolingOutputShape, type ConvolutionGeometry } from "./window-shapes.js";
