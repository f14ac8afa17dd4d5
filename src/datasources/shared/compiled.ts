import { z, type ZodType } from 'zod';
import { NOT_READ, readerOf, UNDECIDED } from './readers.js';

/**
 * A schema with zod's ahead-of-time compiled fast path (`z.compile`), built once per schema.
 *
 * Why: validating platform answers was a third of the gateway's CPU on cold screens (zod's
 * interpreter allocates a payload per node and walks every row's dozens of fields through
 * generic code). The compiled clone answers a valid input from generated code; an invalid one falls
 * back to the interpreter, so the issues (and so every UPSTREAM_REJECTED and skipped row) are the
 * same as before. A schema the compiler cannot model is handed back unchanged (zod's own fallback).
 * Compiling costs far more than one parse: schemas are module constants, compiled on first use.
 *
 * Where readers.ts models the whole schema (our row schemas), its reader answers first: the same
 * output without zod's per-field closures (the garbage of a cold screen); an input it does not
 * read goes on to zod as before.
 */
const cache = new WeakMap<ZodType, ZodType>();

export function compiled<T>(schema: ZodType<T>): ZodType<T> {
  let fast = cache.get(schema) as ZodType<T> | undefined;
  if (fast === undefined) {
    fast = withReader(schema, z.compile(schema));
    cache.set(schema, fast);
  }
  return fast;
}

/** `fast` answering from `schema`'s reader first (its own methods on the compiled clone). */
function withReader<T>(schema: ZodType<T>, fast: ZodType<T>): ZodType<T> {
  const reader = readerOf(schema);
  // (A schema zod could not compile comes back as itself: its methods are not ours to replace.)
  if (reader === null || fast === schema) return fast;
  const zodSafeParse = fast.safeParse.bind(fast);
  const zodParse = fast.parse.bind(fast);
  fast.safeParse = (data, params) => {
    const out = reader(data);
    return out === NOT_READ || out === UNDECIDED ? zodSafeParse(data, params) : { success: true, data: out as T };
  };
  fast.parse = (data, params) => {
    const out = reader(data);
    return out === NOT_READ || out === UNDECIDED ? zodParse(data, params) : (out as T);
  };
  return fast;
}
