/**
 * A small seeded random source, so a simulated population is the same on every run with
 * the same seed (mulberry32: 32 bits of state, plenty for a simulation, not for secrets).
 */

/**
 * @typedef {object} Random
 * @property {() => number} next uniform in [0, 1)
 * @property {(p: number) => boolean} chance true with probability p
 * @property {(min: number, max: number) => number} between uniform in [min, max)
 * @property {(mean: number) => number} exponential exponential with the given mean
 * @property {(weights: Record<string, number>) => string} pick a key, in proportion to its weight
 */

/**
 * Creates a seeded random source.
 *
 * @example
 * ```js
 * const random = createRandom(42);
 * random.chance(0.1); // the same answer on every run with seed 42
 * ```
 * @param {number} seed any integer
 * @returns {Random}
 */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p) => next() < p,
    between: (min, max) => min + (max - min) * next(),
    exponential: (mean) => -mean * Math.log(1 - next()),
    pick(weights) {
      const entries = Object.entries(weights);
      let left = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [key, weight] of entries) {
        left -= weight;
        if (left < 0) return key;
      }
      return /** @type {string} */ (entries.at(-1)?.[0]);
    },
  };
}
