import type { SeededRandom } from '../common/random.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A cuid-shaped id (`c` + 24 base-36 characters), the id format of every Chatvolt record. */
export function cuid(rng: SeededRandom): string {
  let id = 'c';
  for (let i = 0; i < 24; i++) id += ALPHABET[Math.floor(rng.next() * ALPHABET.length)];
  return id;
}
