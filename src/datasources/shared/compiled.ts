import { z, type ZodType } from 'zod';

/**
 * A schema with zod's ahead-of-time compiled fast path (`z.compile`), built once per schema.
 *
 * Why: validating platform answers was a third of the gateway's CPU on cold screens (zod's
 * interpreter allocates a payload per node and walks every row's dozens of fields through
 * generic code). The compiled clone answers a valid input from generated code; an invalid one falls
 * back to the interpreter, so the issues (and so every UPSTREAM_REJECTED and skipped row) are the
 * same as before. A schema the compiler cannot model is handed back unchanged (zod's own fallback).
 * Compiling costs far more than one parse: schemas are module constants, compiled on first use.
 */
const cache = new WeakMap<ZodType, ZodType>();

export function compiled<T>(schema: ZodType<T>): ZodType<T> {
  let fast = cache.get(schema) as ZodType<T> | undefined;
  if (fast === undefined) {
    fast = z.compile(schema);
    cache.set(schema, fast);
  }
  return fast;
}
