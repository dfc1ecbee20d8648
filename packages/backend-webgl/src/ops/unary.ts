import type { UnaryOp } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";

/** The body of each elementwise function of `value`, ending in a return. */
const bodies: Record<UnaryOp, string> = {
  negate: "return -value;",
  abs: "return Math.abs(value);",
  exp: "return Math.exp(value);",
  log: "return Math.log(value);",
  sqrt: "return Math.sqrt(value);",
  square: "return value * value;",
  reciprocal: "return 1.0 / value;",
  relu: "return Math.max(value, 0.0);",
  // GLSL ES 1.00 has no tanh; exp(−2|x|) never overflows, so large |x| saturates cleanly at ±1.
  tanh: "const decay = Math.exp(-2.0 * Math.abs(value)); const magnitude = (1.0 - decay) / (1.0 + decay); if (value < 0.0) { return -magnitude; } return magnitude;",
  step: "if (value > 0.0) { return 1.0; } return 0.0;",
};

/** Elementwise function of one tensor. */
export function unary(device: Device, op: UnaryOp, x: GpuTensor): GpuTensor {
  const body = bodies[op];
  if (body === undefined) throw new Error(`unary: unknown op "${op}"`);
  return device.run(`unary ${op} ${x.size}`, () => `function(x) { const value = x[this.thread.x]; ${body} }`, [x], x.shape, { integerIndexing: true });
}
