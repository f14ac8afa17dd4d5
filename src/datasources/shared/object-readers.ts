/** The readers of objects and records (readers.ts builds the rest). */
import type { ZodType } from 'zod';
import { defOf, NOT_READ, optinOf, refusesUndefined, UNDECIDED, type Def, type Reader } from './reader-defs.js';
import { readerOf } from './readers.js';

/** A strict-shape object (unknown keys dropped, as zod's default), then its `refine` predicates. */
export function objectReader(def: Def, checks: NonNullable<Def['checks']>): Reader | null {
  const catchall = def.catchall && defOf(def.catchall).type;
  // Unknown keys dropped (zod's default) or refused (`strictObject`).
  if ((catchall !== undefined && catchall !== 'never') || !def.shape) return null;
  // Symbol keys: zod reads and keeps them (the generated reader knows string keys only).
  if (Object.getOwnPropertySymbols(def.shape).length > 0) return null;
  const refinements: ((value: unknown) => unknown)[] = [];
  for (const check of checks) {
    const c = check._zod.def;
    if (c.check !== 'custom' || typeof c.fn !== 'function' || c.when !== undefined) return null;
    refinements.push(c.fn);
  }
  const keys = Object.keys(def.shape);
  const known = new Set(keys);
  const fields: Reader[] = [];
  /** Fields that may read as undefined (`.optional()`): zod keeps their key only when the input has it. */
  const omissible: boolean[] = [];
  /** Fields whose absence zod may judge otherwise than a present undefined: the reader defers to zod. */
  const absentUndecided: boolean[] = [];
  for (const key of keys) {
    const schema = def.shape[key]!;
    const field = readerOf(schema);
    if (!field || key === '__proto__') return null;
    fields.push(field);
    const optional = defOf(schema).type === 'optional';
    omissible.push(optional);
    const optin = optinOf(schema);
    const optout = (schema as unknown as { _zod: { optout?: string } })._zod.optout;
    // A required key (no `optin`) absent fails in zod even where the schema reads undefined
    // (unknown, a transform, literal(undefined)); an optional-in-and-out field that is no
    // `.optional()` loses its key when absent, whatever it makes of undefined.
    absentUndecided.push((optin === undefined && !refusesUndefined(schema)) || (!optional && optin === 'optional' && optout === 'optional'));
  }
  return generatedObjectReader(keys, fields, omissible, absentUndecided, catchall === 'never' ? known : null, refinements);
}

/**
 * The object reader as generated code (as zod's compiler does): one call site per field and an
 * output object of one fixed shape, where a loop over the fields made every call and store
 * megamorphic (slower than zod's own compiled parse).
 */
function generatedObjectReader(
  keys: readonly string[],
  fields: readonly Reader[],
  omissible: readonly boolean[],
  absentUndecided: readonly boolean[],
  strictKeys: ReadonlySet<string> | null,
  refinements: readonly ((value: unknown) => unknown)[],
): Reader {
  const lines = ['if (typeof input !== "object" || input === null || Array.isArray(input)) return NOT_READ;'];
  // `strictObject`: a key outside the shape is zod's to refuse.
  if (strictKeys) lines.push('for (const key in input) if (!strictKeys.has(key)) return NOT_READ;');
  keys.forEach((key, i) => {
    const k = JSON.stringify(key);
    if (absentUndecided[i]) lines.push(`if (!(${k} in input)) return UNDECIDED;`);
    lines.push(`const v${i} = fields[${i}](input[${k}]);`, `if (v${i} === NOT_READ || v${i} === UNDECIDED) return v${i};`);
    // Only an optional field may read as undefined (for any other, zod decides).
    if (!omissible[i]) lines.push(`if (v${i} === undefined) return UNDECIDED;`);
  });
  if (omissible.some((o) => o)) {
    // zod keeps an optional field's key only where it read a value or the input has the key.
    lines.push('const out = {};');
    keys.forEach((key, i) => {
      const k = JSON.stringify(key);
      lines.push(omissible[i] ? `if (v${i} !== undefined || ${k} in input) out[${k}] = v${i};` : `out[${k}] = v${i};`);
    });
  } else {
    lines.push(`const out = { ${keys.map((key, i) => `${JSON.stringify(key)}: v${i}`).join(', ')} };`);
  }
  if (refinements.length > 0) lines.push('if (!passes(refinements, out)) return NOT_READ;');
  lines.push('return out;');
  // Generated from the schema's own keys (JSON-quoted), never from input.
  const factory = new Function('NOT_READ', 'UNDECIDED', 'fields', 'strictKeys', 'refinements', 'passes', `return (input) => {\n${lines.join('\n')}\n};`) as (
    notRead: typeof NOT_READ,
    undecided: typeof UNDECIDED,
    fields: readonly Reader[],
    strictKeys: ReadonlySet<string> | null,
    refinements: readonly ((value: unknown) => unknown)[],
    check: typeof passes,
  ) => Reader;
  return factory(NOT_READ, UNDECIDED, fields, strictKeys, refinements, passes);
}

/** Whether every `refine` predicate holds (a promise is zod's to refuse). */
export function passes(refinements: readonly ((value: unknown) => unknown)[], value: unknown): boolean {
  for (const refine of refinements) {
    const ok = refine(value);
    if (ok instanceof Promise || !ok) return false;
  }
  return true;
}

/** `z.record(z.string(), value)` over a plain object (zod skips a `__proto__` key); anything else is zod's. */
export function recordReader(def: Def, checks: NonNullable<Def['checks']>): Reader | null {
  const { keyType, valueType, mode } = def as { keyType?: ZodType; valueType?: ZodType; mode?: string };
  if (!keyType || !valueType || checks.length > 0 || mode === 'loose') return null;
  const key = defOf(keyType) as Def & { format?: unknown };
  if (key.type !== 'string' || key.format !== undefined || key.coerce || (key.checks?.length ?? 0) > 0) return null;
  const value = readerOf(valueType);
  if (!value) return null;
  return (v) => {
    if (typeof v !== 'object' || v === null) return NOT_READ;
    // (zod's plain-object test and symbol keys: zod's to judge.)
    if (Object.getPrototypeOf(v) !== Object.prototype || Object.getOwnPropertySymbols(v).length > 0) return UNDECIDED;
    const source = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(source)) {
      if (k === '__proto__') continue;
      const read = value(source[k]);
      if (read === NOT_READ || read === UNDECIDED) return read;
      out[k] = read;
    }
    return out;
  };
}
