import { createRandom } from "@alexnet-ts/engine";

/** The CLI's seeded input (`alexnet predict --seed S` without --values): normal values from seed ^ 0x5eed. */
export function seededImage(count: number, seed: number): Float32Array {
  const random = createRandom(seed ^ 0x5eed);
  return Float32Array.from({ length: count }, () => random.normal());
}
