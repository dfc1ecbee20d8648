import { poolingOutputShape, type Pool2dOptions } from "@alexnet-ts/engine";

/** One pooling window: where its output goes and which input cells it covers. */
export interface PoolWindow {
  /** Offset of the output cell in the [N, C, Ho, Wo] output. */
  readonly outputOffset: number;
  /** Offsets of the real (non-padding) input cells, in row-major window order. */
  readonly cells: number[];
  /** Window cells inside the padded input (real cells plus padding), for countIncludePad. */
  readonly paddedCount: number;
}

/** Every pooling window of an [N, C, H, W] input in output order, and the output shape. */
export function poolWindows(op: string, inputShape: readonly number[], options: Pool2dOptions): { outputShape: number[]; windows: PoolWindow[] } {
  const [batch, channels, height, width] = inputShape;
  const [, , outputHeight, outputWidth] = poolingOutputShape(op, inputShape, options);
  const { kernel, stride, padding, dilation } = options;
  const windows: PoolWindow[] = [];
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      for (let oh = 0; oh < outputHeight; oh++) {
        for (let ow = 0; ow < outputWidth; ow++) {
          const cells: number[] = [];
          let paddedCount = 0;
          for (let kh = 0; kh < kernel[0]; kh++) {
            const ih = oh * stride[0] - padding[0] + kh * dilation[0];
            for (let kw = 0; kw < kernel[1]; kw++) {
              const iw = ow * stride[1] - padding[1] + kw * dilation[1];
              // A ceil-mode window may hang past the end padding; those cells count for nothing.
              if (ih < height + padding[2] && iw < width + padding[3]) paddedCount++;
              if (ih >= 0 && ih < height && iw >= 0 && iw < width) cells.push(((n * channels + c) * height + ih) * width + iw);
            }
          }
          windows.push({ outputOffset: ((n * channels + c) * outputHeight + oh) * outputWidth + ow, cells, paddedCount });
        }
      }
    }
  }
  return { outputShape: [batch, channels, outputHeight, outputWidth], windows };
}
