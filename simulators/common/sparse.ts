import { hashString } from './random.js';

/**
 * The `sparse` knob: real platforms leave optional fields out or send them as null, and our
 * simulators, written from documentation pages, tend to send every field every time. With the
 * knob on, a simulator's answers lose optional fields at random before they are sent: each one is
 * left out or set to null. Which fields may go is the platform's declaration (`SparseShapes` on
 * its SimPlatform): per route, the shape of the answer and, per object shape, the keys it always
 * sends. Everything else in a declared shape is optional.
 *
 * Deterministic: whether a field goes depends only on the knob's seed and rate, the shape's name,
 * the object's identity (the values of its required keys) and the field's name. So one
 * conversation loses the same fields in the list and in its detail, on every call, and a test can
 * run the same query twice and see the same answer.
 */

/** One kind of JSON object in a platform's answers. */
export interface SparseShape {
  /** Names the shape in the seed, so one record served by two routes is sparse the same way. */
  name: string;
  /** Keys the platform always sends with a value: never dropped, never nulled. */
  required: readonly string[];
  /**
   * Keys whose value is itself a declared shape (an object, or an array of them): when such a key
   * is kept, its value is made sparse in turn. A nested shape is optional unless its key is
   * also in `required`.
   */
  nested?: Readonly<Record<string, SparseShape>>;
  /** Keys left exactly as they are (neither dropped nor entered): e.g. free-form metadata. */
  keep?: readonly string[];
}

/** A platform's declaration: `METHOD /route/template` (as the simulator's routes say) → the answer's shape. */
export type SparseShapes = Readonly<Record<string, SparseShape>>;

/** The knob's value: how many optional fields go (0–1) and the seed of the draw. */
export interface SparseSetting {
  rate: number;
  seed: string;
}

export const DEFAULT_SPARSE_SEED = 'sparse';

/** A uniform draw in [0, 1) fixed by its inputs. */
function draw(seed: string, shape: string, identity: string, key: string): number {
  // Two rounds of FNV-1a with a final avalanche (murmur3's fmix32), so nearby inputs spread.
  let h = hashString(`${seed}\u0000${shape}\u0000${identity}\u0000${key}`);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object's identity: the values of its required keys (an envelope without any has one identity). */
function identityOf(object: Record<string, unknown>, shape: SparseShape): string {
  return JSON.stringify(shape.required.map((key) => object[key] ?? null));
}

/**
 * `body` with optional fields dropped or nulled as `setting` draws them. An array body is taken
 * as a list of `shape`. The input is not changed (a copy is returned).
 */
export function sparsify(body: unknown, shape: SparseShape, setting: SparseSetting): unknown {
  if (Array.isArray(body)) return body.map((item) => sparsify(item, shape, setting));
  if (!isRecord(body)) return body;
  const identity = identityOf(body, shape);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const nested = shape.nested?.[key];
    if (shape.keep?.includes(key)) {
      out[key] = value;
      continue;
    }
    if (!shape.required.includes(key) && value !== null && value !== undefined) {
      const u = draw(setting.seed, shape.name, identity, key);
      if (u < setting.rate / 2) continue; // left out
      if (u < setting.rate) {
        out[key] = null;
        continue;
      }
    }
    out[key] = nested ? sparsify(value, nested, setting) : value;
  }
  return out;
}

/** Reads the knob from an admin update: a rate, `{rate, seed?}`, or null/0 for off. */
export function parseSparseKnob(value: unknown): { setting: SparseSetting | null } | { problem: string } {
  const problem = 'sparse must be null, a rate between 0 and 1, or {rate, seed}';
  if (value === null || value === false || value === 0) return { setting: null };
  if (value === true) return { setting: { rate: 0.5, seed: DEFAULT_SPARSE_SEED } };
  if (typeof value === 'number') return value > 0 && value <= 1 ? { setting: { rate: value, seed: DEFAULT_SPARSE_SEED } } : { problem };
  if (isRecord(value)) {
    const { rate, seed } = value;
    const extra = Object.keys(value).filter((key) => key !== 'rate' && key !== 'seed');
    if (extra.length > 0 || typeof rate !== 'number' || rate < 0 || rate > 1) return { problem };
    if (seed !== undefined && typeof seed !== 'string' && typeof seed !== 'number') return { problem };
    return { setting: rate === 0 ? null : { rate, seed: seed === undefined ? DEFAULT_SPARSE_SEED : String(seed) } };
  }
  return { problem };
}
