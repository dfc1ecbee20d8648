import type { Tensor } from "@alexnet-ts/engine";
import { requireSameShape } from "../shapes.js";
import { int32View, reluGradientBits } from "../bits.js";
import { reluGradientInWasm } from "../relu-gradient-wasm.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** An activation's gradient from its output: ReLU dy · step(y); tanh dy · (1 − y²). */
export function activationBackward(store: TensorStore, activation: "relu" | "tanh", y: Tensor, dy: Tensor): CpuTensor {
  const op = "activationBackward";
  const output = store.read(op, y, "y");
  const gradient = store.read(op, dy, "dy");
  requireSameShape(op, gradient.shape, "dy", output.shape, "y");
  if (activation !== "relu" && activation !== "tanh") throw new Error(`${op}: activation must be "relu" or "tanh", got ${JSON.stringify(activation)}`);
  const result = store.createUninitialized(output.shape);
  const yValues = output.values;
  const dyValues = gradient.values;
  const dx = result.values;
  switch (activation) {
    case "relu":
      // The WebAssembly kernel on every thread where the arrays live in wasm memory (the same bits).
      if (!reluGradientInWasm(yValues, dyValues, dx)) reluGradientBits(int32View(yValues), int32View(dyValues), int32View(dx));
      break;
    case "tanh":
      for (let index = 0; index < dx.length; index++) dx[index] = dyValues[index] * (1 - yValues[index] * yValues[index]);
      break;
    default: {
      const unknown: never = activation;
      throw new Error(`${op}: no kernel for activation ${JSON.stringify(unknown)}`);
    }
  }
  return result;
}
