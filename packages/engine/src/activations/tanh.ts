import type { TanhAttributes } from "@alexnet-ts/ir";
import type { ActivationDefinition } from "./activation.js";

/** The core's `unary("tanh")`; its gradient dy · (1 − y²) from the output. */
export const tanh: ActivationDefinition<TanhAttributes> = {
  forward: (backend, x) => backend.unary("tanh", x),
  backward: { reads: "output", gradient: (backend, { output }, dy) => backend.activationBackward("tanh", output, dy) },
};
