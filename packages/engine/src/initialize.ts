import type { Initializer } from "@alexnet-ts/ir";
import type { Random } from "./random.js";

/**
 * Draws a parameter's initial values on the host from the seeded generator, so that every
 * backend starts from the same numbers.
 */
export function drawInitialValues(initializer: Initializer, count: number, random: Random): Float32Array {
  const values = new Float32Array(count);
  switch (initializer.kind) {
    case "constant":
      values.fill(initializer.value);
      break;
    case "normal":
      for (let index = 0; index < count; index++) values[index] = initializer.mean + initializer.standardDeviation * random.normal();
      break;
    case "uniform":
      for (let index = 0; index < count; index++) values[index] = (2 * random.uniform() - 1) * initializer.bound;
      break;
    case "glorot-uniform": {
      const bound = Math.sqrt(6 / (initializer.fanIn + initializer.fanOut));
      for (let index = 0; index < count; index++) values[index] = (2 * random.uniform() - 1) * bound;
      break;
    }
    default: {
      const unknown: never = initializer;
      throw new Error(`unknown initializer ${JSON.stringify(unknown)}`);
    }
  }
  return values;
}

/** Mixes two whole numbers into one seed (for per-step, per-layer dropout seeds). */
export function mixSeeds(first: number, second: number): number {
  let hash = (Math.imul(first >>> 0, 0x9e3779b1) ^ (second >>> 0)) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 15), 0x85ebca77) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae3d) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}
