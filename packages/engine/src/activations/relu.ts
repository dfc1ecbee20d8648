import type { ReluAttributes } from "@alexnet-ts/ir";
import type { ActivationDefinition } from "./activation.js";

/** max(0, x), the core's `unary("relu")`; its gradient dy · step(y) from the output (y > 0 exactly where x > 0). */
export const relu: ActivationDefinition<ReluAttributes> = {
  forward: (backend, x) => backend.unary("relu", x),
  backward: { reads: "output", gradient: (backend, { output }, dy) => backend.activationBackward("relu", output, dy) },
  fused: "relu",
};
