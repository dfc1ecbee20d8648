import { createRandom, type Shape } from "@alexnet-ts/engine";
import { requireNumber, requireValidShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/**
 * The dropout mask for a seed, drawn exactly as `dropoutMaskValues` draws it (element i keeps
 * its unit when the i-th uniform draw is ≥ rate), written straight into the tensor's storage.
 */
export function dropoutMask(store: TensorStore, shape: Shape, rate: number, seed: number): CpuTensor {
  requireValidShape("dropoutMask", shape);
  requireNumber("dropoutMask", rate, "rate", (value) => value >= 0 && value < 1, "in [0, 1)");
  requireNumber("dropoutMask", seed, "seed", Number.isInteger, "a whole number");
  const mask = store.createUninitialized(shape);
  const values = mask.values;
  const random = createRandom(seed);
  const keep = 1 / (1 - rate);
  for (let index = 0; index < values.length; index++) values[index] = random.uniform() >= rate ? keep : 0;
  return mask;
}
