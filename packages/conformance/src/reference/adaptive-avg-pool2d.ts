import { formatShape, referenceTensor, requireImage, requireShape, type ReferenceTensor } from "./tensor.js";

/** PyTorch's adaptive window along one axis: cells floor(i·L/Lo) … ceil((i+1)·L/Lo) − 1. */
export function adaptiveWindow(index: number, inputLength: number, outputLength: number): [number, number] {
  return [Math.floor((index * inputLength) / outputLength), Math.ceil(((index + 1) * inputLength) / outputLength)];
}

/** Checks an adaptive pooling's input and output size; errors name `op`. */
export function requireAdaptiveSize(op: string, inputShape: readonly number[], outputSize: readonly [number, number]): void {
  requireShape(op, inputShape.length === 4, `input must be [N, C, H, W], but is ${formatShape(inputShape)}`);
  requireShape(op, outputSize.every((size) => Number.isInteger(size) && size >= 1), `output size [${outputSize.join(", ")}] must be whole numbers ≥ 1`);
}

/** Adaptive average pooling to [outputHeight, outputWidth] (windows may overlap). */
export function referenceAdaptiveAvgPool2d(x: ReferenceTensor, outputSize: readonly [number, number]): ReferenceTensor {
  requireImage("adaptiveAvgPool2d", "x", x);
  requireAdaptiveSize("adaptiveAvgPool2d", x.shape, outputSize);
  const [batch, channels, height, width] = x.shape;
  const [outputHeight, outputWidth] = outputSize;
  const output = referenceTensor([batch, channels, outputHeight, outputWidth]);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      for (let oh = 0; oh < outputHeight; oh++) {
        const [rowStart, rowEnd] = adaptiveWindow(oh, height, outputHeight);
        for (let ow = 0; ow < outputWidth; ow++) {
          const [columnStart, columnEnd] = adaptiveWindow(ow, width, outputWidth);
          let sum = 0;
          for (let ih = rowStart; ih < rowEnd; ih++) {
            for (let iw = columnStart; iw < columnEnd; iw++) sum += x.data[((n * channels + c) * height + ih) * width + iw];
          }
          output.data[((n * channels + c) * outputHeight + oh) * outputWidth + ow] = sum / ((rowEnd - rowStart) * (columnEnd - columnStart));
        }
      }
    }
  }
  return output;
}
