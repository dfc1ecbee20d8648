import type { Backend, Tensor } from "../backend.js";
import type { AvgPool2dOptions } from "../backend-options.js";
import { adaptivePoolWeights, isUniformAdaptivePool } from "./adaptive-pool-weights.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * PyTorch's adaptive average pooling. When the output divides the input it is plain average
 * pooling (`backend.avgPool2d`); otherwise the windows overlap unevenly and it is two matrix
 * products with uploaded weight matrices, one per spatial axis.
 *
 * Shapes: x: [N, C, H, W] → [N, C, outputSize[0], outputSize[1]]
 */
export function adaptiveAvgPool2d<T extends Tensor>(backend: Backend<T>, x: T, outputSize: readonly [number, number]): T {
  const [batch, channels, height, width] = x.shape;
  const [outputHeight, outputWidth] = outputSize;
  if (x.shape.length !== 4 || !(outputHeight >= 1 && outputWidth >= 1)) {
    throw new Error(`adaptiveAvgPool2d: x ${formatShape(x.shape)} must be [N, C, H, W] and the output size ${formatShape(outputSize)} positive`);
  }
  if (isUniformAdaptivePool(height, width, outputHeight, outputWidth)) {
    return backend.avgPool2d(x, uniformAdaptivePoolOptions(height, width, outputHeight, outputWidth));
  }
  const planes = batch * channels;
  return withTemporaries(backend, (temporary) => {
    const rowWeights = temporary(backend.upload(adaptivePoolWeights(height, outputHeight), [outputHeight, height]));
    const columnWeights = temporary(backend.upload(adaptivePoolWeights(width, outputWidth), [outputWidth, width]));
    const rows = temporary(backend.reshape(x, [planes * height, width]));
    const pooledColumns = temporary(backend.matmul(rows, columnWeights, { transposeA: false, transposeB: true })); // [planes·H, Wo]
    const byPlane = temporary(backend.reshape(pooledColumns, [planes, height, outputWidth]));
    const heightLast = temporary(backend.transpose(byPlane, [0, 2, 1]));
    const columns = temporary(backend.reshape(heightLast, [planes * outputWidth, height]));
    const pooled = temporary(backend.matmul(columns, rowWeights, { transposeA: false, transposeB: true })); // [planes·Wo, Ho]
    const pooledByPlane = temporary(backend.reshape(pooled, [planes, outputWidth, outputHeight]));
    const heightFirst = temporary(backend.transpose(pooledByPlane, [0, 2, 1]));
    return backend.reshape(heightFirst, [batch, channels, outputHeight, outputWidth]);
  });
}

/** The plain average pooling equal to an adaptive one whose output divides its input. */
export function uniformAdaptivePoolOptions(height: number, width: number, outputHeight: number, outputWidth: number): AvgPool2dOptions {
  const kernel = [height / outputHeight, width / outputWidth] as const;
  return { kernel, stride: kernel, padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false, countIncludePad: true };
}
