import type { NodeIo, NodeRunner } from "./node-io.js";
import type { OnnxNodeJson } from "./onnx-case.js";

/**
 * Padding as [top, left, bottom, right] from ONNX's pads or auto_pad. SAME_UPPER/SAME_LOWER:
 * output = ceil(input / stride); the total padding that needs is split evenly, the odd cell at
 * the end (UPPER) or the beginning (LOWER).
 */
export function onnxPadding(node: OnnxNodeJson, spatial: number[], kernel: number[], stride: number[], dilation: number[]): [number, number, number, number] {
  const autoPad = (node.attributes.auto_pad as string | undefined) ?? "NOTSET";
  if (autoPad === "NOTSET") {
    const pads = (node.attributes.pads as number[] | undefined) ?? [0, 0, 0, 0];
    return [pads[0], pads[1], pads[2], pads[3]];
  }
  if (autoPad === "VALID") return [0, 0, 0, 0];
  const begin: number[] = [];
  const end: number[] = [];
  for (let axis = 0; axis < 2; axis++) {
    const output = Math.ceil(spatial[axis] / stride[axis]);
    const total = Math.max(0, (output - 1) * stride[axis] + (kernel[axis] - 1) * dilation[axis] + 1 - spatial[axis]);
    const small = Math.floor(total / 2);
    begin.push(autoPad === "SAME_UPPER" ? small : total - small);
    end.push(autoPad === "SAME_UPPER" ? total - small : small);
  }
  return [begin[0], begin[1], end[0], end[1]];
}

/** Kernel, strides, dilations and padding of a 2-D window op. */
function windowGeometry(io: NodeIo, spatial: number[], defaultKernel: number[]) {
  const kernel = io.attribute<number[]>("kernel_shape", defaultKernel);
  const stride = io.attribute<number[]>("strides", [1, 1]);
  const dilation = io.attribute<number[]>("dilations", [1, 1]);
  return {
    kernel: [kernel[0], kernel[1]] as const,
    stride: [stride[0], stride[1]] as const,
    dilation: [dilation[0], dilation[1]] as const,
    padding: onnxPadding(io.node, spatial, kernel, stride, dilation),
  };
}

/** Conv (with its optional bias through conv2dBiasActivation). */
const conv: NodeRunner = (io) => {
  const x = io.image(0);
  const filter = io.input(1);
  const { stride, padding, dilation } = windowGeometry(io, [x.shape[2], x.shape[3]], [filter.shape[2], filter.shape[3]]);
  const options = { stride, padding, dilation, groups: io.attribute<number>("group", 1) };
  const result = io.present(2) ? io.backend.conv2dBiasActivation(x, filter, io.input(2), { ...options, activation: "none" }) : io.backend.conv2d(x, filter, options);
  io.output(io.keep(result));
};

/** MaxPool and AveragePool: the same window attributes, count_include_pad for the average. */
function pool(kind: "max" | "average"): NodeRunner {
  return (io) => {
    const x = io.image(0);
    const options = {
      ...windowGeometry(io, [x.shape[2], x.shape[3]], []),
      ceilMode: io.attribute<number>("ceil_mode", 0) === 1,
      countIncludePad: io.attribute<number>("count_include_pad", 0) === 1,
    };
    io.output(io.keep(kind === "max" ? io.backend.maxPool2d(x, options) : io.backend.avgPool2d(x, options)));
  };
}

const globalAveragePool: NodeRunner = (io) => io.output(io.keep(io.backend.adaptiveAvgPool2d(io.image(0), [1, 1])));

/** GlobalMaxPool: one window over the whole image. */
const globalMaxPool: NodeRunner = (io) => {
  const x = io.image(0);
  const window = [x.shape[2], x.shape[3]] as const;
  io.output(io.keep(io.backend.maxPool2d(x, { kernel: window, stride: window, padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false })));
};

/** LRN: ONNX divides alpha by size; the contract's alpha multiplies the plain sum. */
const localResponseNorm: NodeRunner = (io) => {
  const size = io.attribute<number>("size", 1);
  const options = { size, alpha: io.attribute<number>("alpha", 1e-4) / size, beta: io.attribute<number>("beta", 0.75), k: io.attribute<number>("bias", 1) };
  io.output(io.keep(io.backend.localResponseNorm(io.input(0), options)));
};

/** The convolution, pooling and normalization-window ops. */
export const windowRunners = {
  Conv: conv,
  MaxPool: pool("max"),
  AveragePool: pool("average"),
  GlobalAveragePool: globalAveragePool,
  GlobalMaxPool: globalMaxPool,
  LRN: localResponseNorm,
} as const satisfies Record<string, NodeRunner>;
