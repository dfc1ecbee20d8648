import type { SigmoidAttributes } from "@alexnet-ts/ir";
import { withTemporaries } from "../defaults/temporaries.js";
import type { ActivationDefinition } from "./activation.js";

/**
 * σ(x) = 1 / (1 + e^−x), composed from the core: exp(−x) overflows to ∞ for x below about −88 in
 * float32, and 1 / ∞ = 0 is the right limit, so no clamping is needed. Its gradient
 * dy · y · (1 − y) reads only the output.
 */
export const sigmoid: ActivationDefinition<SigmoidAttributes> = {
  forward: (backend, x) =>
    withTemporaries(backend, (temporary) => {
      const exponential = temporary(backend.unary("exp", temporary(backend.unary("negate", x))));
      return backend.unary("reciprocal", temporary(backend.binary("add", exponential, temporary(backend.fill([], 1)))));
    }),
  backward: {
    reads: "output",
    gradient: (backend, { output }, dy) =>
      withTemporaries(backend, (temporary) => {
        const complement = temporary(backend.binary("subtract", temporary(backend.fill([], 1)), output));
        return backend.binary("multiply", dy, temporary(backend.binary("multiply", output, complement)));
      }),
  },
};
