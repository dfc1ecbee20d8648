import type { Backend, Tensor } from "../backend.js";
import { checkSameShape } from "./softmax-backward.js";
import { withTemporaries } from "./temporaries.js";

/**
 * Gradient of an activation from its output: ReLU: dy · step(y); tanh: dy · (1 − y²).
 *
 * Shapes: y, dy: any → same
 */
export function activationBackward<T extends Tensor>(backend: Backend<T>, activation: "relu" | "tanh", y: T, dy: T): T {
  checkSameShape("activationBackward", y, dy);
  return withTemporaries(backend, (temporary) => {
    switch (activation) {
      case "relu":
        return backend.binary("multiply", dy, temporary(backend.unary("step", y)));
      case "tanh": {
        const slope = temporary(backend.binary("subtract", temporary(backend.fill([], 1)), temporary(backend.unary("square", y))));
        return backend.binary("multiply", dy, slope);
      }
      default: {
        const unknown: never = activation;
        throw new Error(`activationBackward: unknown activation "${String(unknown)}"; use "relu" or "tanh"`);
      }
    }
  });
}
