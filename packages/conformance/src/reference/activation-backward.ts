import { referenceTensor, requireSameShape, requireShape, type ReferenceTensor } from "./tensor.js";

/** Gradient of an activation from its output: ReLU dy·[y > 0]; tanh dy·(1 − y²). */
export function referenceActivationBackward(activation: "relu" | "tanh", y: ReferenceTensor, dy: ReferenceTensor): ReferenceTensor {
  requireShape("activationBackward", activation === "relu" || activation === "tanh", `unknown activation "${activation}"`);
  requireSameShape("activationBackward", "y and dy", y.shape, dy.shape);
  const dx = referenceTensor(y.shape);
  for (let index = 0; index < y.data.length; index++) {
    const value = y.data[index];
    dx.data[index] = dy.data[index] * (activation === "relu" ? (value > 0 ? 1 : 0) : 1 - value * value);
  }
  return dx;
}
