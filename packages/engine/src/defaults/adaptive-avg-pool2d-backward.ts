import type { Backend, Shape, Tensor } from "../backend.js";
import { uniformAdaptivePoolOptions } from "./adaptive-avg-pool2d.js";
import { adaptivePoolWeights, isUniformAdaptivePool } from "./adaptive-pool-weights.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * Gradient of adaptive average pooling: `backend.avgPool2dBackward` when the output divides the
 * input, else the transposes of the forward's two weight matrices.
 *
 * Shapes: dy: [N, C, Ho, Wo] → inputShape [N, C, H, W]
 */
export function adaptiveAvgPool2dBackward<T extends Tensor>(backend: Backend<T>, dy: T, inputShape: Shape): T {
  const [batch, channels, height, width] = inputShape;
  const [dyBatch, dyChannels, outputHeight, outputWidth] = dy.shape;
  if (inputShape.length !== 4 || dy.shape.length !== 4 || dyBatch !== batch || dyChannels !== channels) {
    throw new Error(`adaptiveAvgPool2dBackward: dy ${formatShape(dy.shape)} does not fit input shape ${formatShape(inputShape)}`);
  }
  if (isUniformAdaptivePool(height, width, outputHeight, outputWidth)) {
    return backend.avgPool2dBackward(dy, inputShape, uniformAdaptivePoolOptions(height, width, outputHeight, outputWidth));
  }
  const planes = batch * channels;
  return withTemporaries(backend, (temporary) => {
    const rowWeights = temporary(backend.upload(adaptivePoolWeights(height, outputHeight), [outputHeight, height]));
    const columnWeights = temporary(backend.upload(adaptivePoolWeights(width, outputWidth), [outputWidth, width]));
    const rows = temporary(backend.reshape(dy, [planes * outputHeight, outputWidth]));
    const spreadColumns = temporary(backend.matmul(rows, columnWeights, { transposeA: false, transposeB: false })); // [planes·Ho, W]
    const byPlane = temporary(backend.reshape(spreadColumns, [planes, outputHeight, width]));
    const heightLast = temporary(backend.transpose(byPlane, [0, 2, 1]));
    const columns = temporary(backend.reshape(heightLast, [planes * width, outputHeight]));
    const spread = temporary(backend.matmul(columns, rowWeights, { transposeA: false, transposeB: false })); // [planes·W, H]
    const spreadByPlane = temporary(backend.reshape(spread, [planes, width, height]));
    const heightFirst = temporary(backend.transpose(spreadByPlane, [0, 2, 1]));
    return backend.reshape(heightFirst, inputShape);
  });
}
