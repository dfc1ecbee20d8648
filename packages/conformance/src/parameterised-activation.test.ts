import { withDefaults, type ActivationDefinition } from "@alexnet-ts/engine";
import { describe, expect, it } from "vitest";
import { createReferenceBackend } from "./reference-backend.js";

/**
 * A parameterised activation is expressible in the engine's activation table: a leaky ReLU whose
 * slope is an attribute, composed from the core, with a backward that reads its input. (Adding it
 * as an op is docs/adding-an-op.md's checklist; here its definition is exercised directly.)
 */
const leakyRelu: ActivationDefinition<{ readonly slope: number }> = {
  forward: (backend, x, { slope }) => {
    const scaled = backend.binary("multiply", x, backend.fill([], slope));
    return backend.binary("maximum", x, scaled);
  },
  backward: {
    reads: "input",
    gradient: (backend, { input }, dy, { slope }) => {
      // slope + (1 − slope) · step(x): 1 where x > 0, else the slope.
      const derivative = backend.binary("add", backend.fill([], slope), backend.binary("multiply", backend.unary("step", input), backend.fill([], 1 - slope)));
      return backend.binary("multiply", dy, derivative);
    },
  },
};

describe("a parameterised activation (leaky ReLU, slope 0.1) in the activation table", () => {
  it("runs forward and backward from its attributes on a backend made of the core", async () => {
    const backend = withDefaults(createReferenceBackend());
    const x = backend.upload(Float32Array.from([-2, -0.5, 0.5, 3]), [4]);
    const dy = backend.upload(Float32Array.from([1, 2, 3, 4]), [4]);
    const y = leakyRelu.forward(backend, x, { slope: 0.1 });
    expect([...(await backend.download(y))]).toEqual([-0.2, -0.05, 0.5, 3].map(Math.fround));
    const backward = leakyRelu.backward;
    if (backward.reads !== "input") throw new Error("a leaky ReLU's backward reads its input");
    const dx = backward.gradient(backend, { input: x }, dy, { slope: 0.1 });
    expect([...(await backend.download(dx))]).toEqual([0.1, 0.2, 3, 4].map(Math.fround));
  });
});
