/**
 * Values derived from an upstream answer: our model rows, a sorted copy, precomputed sort keys.
 * The REST client's cache (src/cache.ts) hands every request of one partition (tenant, source,
 * credential) the same answer object until it expires or a write drops it, so what is derived
 * from that object is derived once and kept exactly as long as the object (a WeakMap: it leaves
 * with the answer). An answer never crosses partitions, so neither does anything derived from it;
 * the `variant` names any other input the derivation reads (e.g. the signed-in user's id).
 *
 * What comes out is shared by concurrent requests and must never be mutated: callers copy
 * (`{ ...row, … }`, `[...list]`) before changing anything. Under test it is frozen, so a
 * mutation fails loudly there instead of leaking into another request.
 */
export class DerivedFromAnswer<V> {
  private readonly byAnswer = new WeakMap<object, Map<string, V>>();

  /** What `derive` makes of `answer`, made once per answer and `variant` (which must name every other input `derive` reads). */
  get<A extends object>(answer: A, variant: string, derive: (answer: A) => V): V {
    let variants = this.byAnswer.get(answer);
    if (!variants) this.byAnswer.set(answer, (variants = new Map()));
    let value = variants.get(variant);
    if (value === undefined) {
      value = frozenUnderTest(derive(answer));
      variants.set(variant, value);
    }
    return value;
  }
}

const FREEZE = process.env.VITEST !== undefined || process.env.NODE_ENV === 'test';

/** Deep-freezes plain objects and arrays under test (Dates, Sets and Maps are left as they are). */
export function frozenUnderTest<T>(value: T): T {
  if (FREEZE) deepFreeze(value, new Set());
  return value;
}

function deepFreeze(value: unknown, seen: Set<unknown>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return;
  seen.add(value);
  for (const item of Object.values(value)) deepFreeze(item, seen);
  Object.freeze(value);
}
