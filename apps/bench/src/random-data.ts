import { createRandom } from "@alexnet-ts/engine";

/** Seeded standard-normal values (inputs and gradients of the benchmark; their values do not matter, only their size). */
export function randomValues(count: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const values = new Float32Array(count);
  for (let index = 0; index < count; index++) values[index] = random.normal();
  return values;
}

/** Seeded class labels in [0, classes). */
export function randomLabels(count: number, classes: number, seed: number): Int32Array {
  const random = createRandom(seed);
  return Int32Array.from({ length: count }, () => random.integer(classes));
}
