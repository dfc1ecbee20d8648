import type { BinaryOp, Shape } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { broadcastShape, formatShape, stridesOf } from "@alexnet-ts/engine";
import { flatIndex, splitIndex } from "../runtime/index-code.js";

/** The body of each function of `left` and `right`, ending in a return. */
const bodies: Record<BinaryOp, string> = {
  add: "return left + right;",
  subtract: "return left - right;",
  multiply: "return left * right;",
  divide: "return left / right;",
  maximum: "return Math.max(left, right);",
  minimum: "return Math.min(left, right);",
  // GLSL's pow is undefined for a negative base and for 0^0: take the magnitude, then restore the
  // sign for odd whole exponents, as Math.pow does.
  power:
    "if (right == 0.0) { return 1.0; } let result = Math.pow(Math.abs(left), right); " +
    "if (left < 0.0) { const half = right * 0.5; if (Math.floor(half) != half) { result = -result; } } return result;",
  equal: "if (left == right) { return 1.0; } return 0.0;",
  greater: "if (left > right) { return 1.0; } return 0.0;",
};

/** Strides of `shape` read as `output` (right-aligned), with 0 on broadcast axes. */
function broadcastStrides(shape: Shape, output: Shape): number[] {
  const own = stridesOf(shape);
  return output.map((_, axis) => {
    const ownAxis = axis - output.length + shape.length;
    return ownAxis < 0 || shape[ownAxis] === 1 ? 0 : own[ownAxis];
  });
}

/** Elementwise function of two tensors with NumPy broadcasting. */
export function binary(device: Device, op: BinaryOp, a: GpuTensor, b: GpuTensor): GpuTensor {
  const body = bodies[op];
  if (body === undefined) throw new Error(`binary: unknown op "${op}"`);
  const shape = broadcastShape(a.shape, b.shape);
  const direct = (operand: GpuTensor): string | undefined => (operand.size === 1 ? "0" : operand.shape.join() === shape.join() ? "this.thread.x" : undefined);
  const [leftIndex, rightIndex] = [direct(a), direct(b)];
  if (leftIndex !== undefined && rightIndex !== undefined) {
    // Same shape, or a scalar: indices are the thread id or 0 (integers, exact at any size).
    return device.run(
      `binary ${op} ${formatShape(a.shape)} ${formatShape(b.shape)}`,
      () => `function(a, b) { const left = a[${leftIndex}]; const right = b[${rightIndex}]; ${body} }`,
      [a, b],
      shape,
      { integerIndexing: true },
    );
  }
  const coordinates = shape.map((_, axis) => `o${axis}`);
  return device.run(
    `binary ${op} ${formatShape(a.shape)} ${formatShape(b.shape)}`,
    () => `function(a, b) {
      ${splitIndex("this.thread.x", shape, "o")}
      const left = a[${flatIndex(coordinates, broadcastStrides(a.shape, shape))}];
      const right = b[${flatIndex(coordinates, broadcastStrides(b.shape, shape))}];
      ${body}
    }`,
    [a, b],
    shape,
  );
}
