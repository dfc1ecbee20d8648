import { formatShape, referenceTensor, requireShape, type ReferenceTensor } from "./tensor.js";
import { adaptiveWindow, requireAdaptiveSize } from "./adaptive-avg-pool2d.js";

/** Gradient of adaptive average pooling: each output's gradient spread evenly over its window. */
export function referenceAdaptiveAvgPool2dBackward(dy: ReferenceTensor, inputShape: readonly number[]): ReferenceTensor {
  requireShape("adaptiveAvgPool2dBackward", dy.shape.length === 4, `dy must be [N, C, Ho, Wo], but is ${formatShape(dy.shape)}`);
  const [batch, channels, outputHeight, outputWidth] = dy.shape;
  requireAdaptiveSize("adaptiveAvgPool2dBackward", inputShape, [outputHeight, outputWidth]);
  requireShape(
    "adaptiveAvgPool2dBackward",
    inputShape[0] === batch && inputShape[1] === channels,
    `dy ${formatShape(dy.shape)} and inputShape ${formatShape(inputShape)} differ in batch or channels`,
  );
  const [, , height, width] = inputShape;
  const dx = referenceTensor(inputShape);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      for (let oh = 0; oh < outputHeight; oh++) {
        const [rowStart, rowEnd] = adaptiveWindow(oh, height, outputHeight);
        for (let ow = 0; ow < outputWidth; ow++) {
          const [columnStart, columnEnd] = adaptiveWindow(ow, width, outputWidth);
          const share = dy.data[((n * channels + c) * outputHeight + oh) * outputWidth + ow] / ((rowEnd - rowStart) * (columnEnd - columnStart));
          for (let ih = rowStart; ih < rowEnd; ih++) {
            for (let iw = columnStart; iw < columnEnd; iw++) dx.data[((n * channels + c) * height + ih) * width + iw] += share;
          }
        }
      }
    }
  }
  return dx;
}
