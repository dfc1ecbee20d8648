/** A sliding window (convolution or pooling) along one axis. */
export interface WindowAxis {
  readonly inputLength: number;
  readonly kernel: number;
  readonly stride: number;
  readonly padBefore: number;
  readonly padAfter: number;
  readonly dilation: number;
  /** Keep a last partial window (length rounded up); false for convolutions. */
  readonly ceilMode: boolean;
}

/** A 2-D window as the contract's conv and pool options describe it. */
export interface Window2d {
  /** [height, width] */
  readonly kernel: readonly [number, number];
  /** [height, width] */
  readonly stride: readonly [number, number];
  /** [top, left, bottom, right] (ONNX's order). */
  readonly padding: readonly [number, number, number, number];
  /** [height, width] */
  readonly dilation: readonly [number, number];
  /** Absent or false for convolutions. */
  readonly ceilMode?: boolean;
}

/**
 * The output length of a sliding window along one axis, as PyTorch and ONNX compute it: 0 when
 * the window does not fit. With ceil mode, a last window that would start inside the end
 * padding only is dropped.
 */
export function slidingWindowLength(axis: WindowAxis): number {
  const { inputLength, kernel, stride, padBefore, padAfter, dilation, ceilMode } = axis;
  const span = inputLength + padBefore + padAfter - dilation * (kernel - 1) - 1;
  if (span < 0) return 0;
  let length = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceilMode && (length - 1) * stride >= inputLength + padBefore) length -= 1;
  return length;
}

/** [output height, output width] of a 2-D window over a height × width input (0 where it does not fit). */
export function windowOutputSize(height: number, width: number, window: Window2d): [number, number] {
  const { kernel, stride, padding, dilation } = window;
  const ceilMode = window.ceilMode ?? false;
  return [
    slidingWindowLength({ inputLength: height, kernel: kernel[0], stride: stride[0], padBefore: padding[0], padAfter: padding[2], dilation: dilation[0], ceilMode }),
    slidingWindowLength({ inputLength: width, kernel: kernel[1], stride: stride[1], padBefore: padding[1], padAfter: padding[3], dilation: dilation[1], ceilMode }),
  ];
}
