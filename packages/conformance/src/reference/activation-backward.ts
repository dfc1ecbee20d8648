import { referenceTensor, requireSameShape, requireShape, type ReferenceTensor } from "./tensor.js";

/** Each activation's derivative as a function of its output. */
const derivativeFromOutput: Record<"relu" | "tanh", (y: number) => number> = {
  relu: (y) => (y > 0 ? 1 : 0),
  tanh: (y) => 1 - y * y,
};

/** Gradient of an activation from its output: ReLU dy·[y > 0]; tanh dy·(1 − y²). */
export function referenceActivationBackward(activation: "relu" | "tanh", y: ReferenceTensor, dy: ReferenceTensor): ReferenceTensor {
  requireShape("activationBackward", Object.prototype.hasOwnProperty.call(derivativeFromOutput, activation), `unknown activation "${activation}"`);
  requireSameShape("activationBackward", "y and dy", y.shape, dy.shape);
  const derivative = derivativeFromOutput[activation];
  const dx = referenceTensor(y.shape);
  for (let index = 0; index < y.data.length; index++) dx.data[index] = dy.data[index] * derivative(y.data[index]);
  return dx;
}
