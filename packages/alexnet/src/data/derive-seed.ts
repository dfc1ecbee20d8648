/**
 * A new 32-bit seed from a seed and some numbers (an epoch, a step, an image index), so that each
 * of them gets its own independent stream from `createRandom` without storing any state.
 * (A multiply–xorshift mix in the style of MurmurHash3's finalizer.)
 */
export function deriveSeed(seed: number, ...parts: readonly number[]): number {
  let hash = seed >>> 0;
  for (const part of parts) {
    hash = Math.imul(hash ^ (part >>> 0), 0x9e3779b1) >>> 0;
    hash ^= hash >>> 15;
    hash = Math.imul(hash, 0x85ebca77) >>> 0;
    hash ^= hash >>> 13;
    // Keep the fractional part of a non-integer (a learning rate) from being lost.
    if (!Number.isInteger(part)) hash = (hash + Math.floor((part % 1) * 4294967296)) >>> 0;
  }
  return hash >>> 0;
}
