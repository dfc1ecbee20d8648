/**
 * The one seeded random generator every part of the toolkit draws from (initialization, dropout
 * masks, data order, augmentation), so that a seed replays a run exactly on any backend.
 *
 * xoshiro128** (Blackman & Vigna): four 32-bit words of state, fast in plain JavaScript, and its
 * state is four numbers that a checkpoint can store and restore.
 */
export interface Random {
  /** A float in [0, 1) with 32 random bits. */
  uniform(): number;
  /** A standard normal draw (Box–Muller; one draw per call, the second is discarded so state stays simple). */
  normal(): number;
  /** A whole number in [0, limit). */
  integer(limit: number): number;
  /** The generator's state, to save in a checkpoint. */
  state(): [number, number, number, number];
}

/** A generator seeded by a whole number (splitmix32 spreads the seed over the four words). */
export function createRandom(seed: number): Random {
  let mix = seed >>> 0;
  const next = (): number => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return randomFromState([next(), next(), next(), next()]);
}

/** A generator that continues from a saved state. */
export function randomFromState(saved: readonly number[]): Random {
  if (saved.length !== 4 || saved.every((word) => word === 0)) throw new Error("a random state is four 32-bit words, not all zero");
  let [a, b, c, d] = saved.map((word) => word >>> 0);
  const nextWord = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotateLeft(d, 11);
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    return result;
  };
  const uniform = (): number => nextWord() / 4294967296;
  return {
    uniform,
    normal() {
      const u1 = 1 - uniform(); // (0, 1]: log stays finite
      const u2 = uniform();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    integer(limit) {
      return Math.floor(uniform() * limit);
    },
    state: () => [a, b, c, d],
  };
}

function rotateLeft(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

/**
 * The dropout mask every backend must produce for a seed: element i keeps its unit
 * (value 1 / (1 − rate)) when the i-th uniform draw is at least `rate`, else 0.
 */
export function dropoutMaskValues(count: number, rate: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const keep = 1 / (1 - rate);
  const mask = new Float32Array(count);
  for (let index = 0; index < count; index++) mask[index] = random.uniform() >= rate ? keep : 0;
  return mask;
}
