import type { ZodType } from 'zod';

/**
 * Plain readers for the row schemas our connectors use: what zod's compiled parse answers for a
 * readable row, built from the schema's own definition, without zod's per-field closures.
 *
 * Why: zod's compiler wraps every field that may be absent (all of lenient.ts) in two
 * immediately-invoked closures, and a row schema is too large for V8 to inline them, so each such
 * field of each row allocated two closures: about 1 MB of garbage per cold InboxScreen, twice
 * what JSON.parse allocates, and a cost the garbage collector pays with 50 requests in flight.
 *
 * A reader answers exactly what the schema answers, NOT_READ where the schema fails, or UNDECIDED
 * where it cannot tell; on either, compiled.ts hands the input to zod, whose output and issues stay
 * the reference. A schema with anything a reader does not model exactly (other checks, formats,
 * discriminated unions, a transform reading its context…) gets no reader and is parsed by zod.
 */

/** What a reader answers where the schema refuses the input. */
export const NOT_READ: unique symbol = Symbol('not read');
/**
 * What a reader answers where it cannot tell (zod may read the input, e.g. an optional field's
 * absence under `catch`): zod answers. Never turned into a fallback value, as NOT_READ is by `catch`.
 */
export const UNDECIDED: unique symbol = Symbol('undecided');
export type Reader = (input: unknown) => unknown;

/** Readers that lenient.ts declares for its own transforms (whose code a definition does not show). */
const declared = new WeakMap<object, Reader>();

/** Declares `reader` as what `schema` answers (it must answer exactly that, NOT_READ where `schema` fails). */
export function declareReader<S extends ZodType>(schema: S, reader: Reader): S {
  declared.set(schema, reader);
  return schema;
}

const built = new WeakMap<object, Reader | null>();

/** The reader of `schema`, or null when it has a part no reader models. */
export function readerOf(schema: ZodType): Reader | null {
  let reader = built.get(schema);
  if (reader === undefined) {
    reader = declared.get(schema) ?? build(schema);
    built.set(schema, reader);
  }
  return reader;
}

/** The zod definition fields a reader looks at (zod's `_zod.def`, which its types keep internal). */
interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  innerType?: ZodType;
  shape?: Record<string, ZodType>;
  catchall?: ZodType;
  element?: ZodType;
  in?: ZodType;
  out?: ZodType;
  transform?: (value: unknown) => unknown;
  catchValue?: (() => unknown) & { '~constantCatch'?: boolean };
  defaultValue?: unknown;
  coerce?: boolean;
  entries?: Record<string, unknown>;
}
interface CheckDef {
  check: string;
  minimum?: number;
  value?: unknown;
  inclusive?: boolean;
  format?: string;
  fn?: (value: unknown) => unknown;
  when?: unknown;
}

function defOf(schema: ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

function build(schema: ZodType): Reader | null {
  const def = defOf(schema);
  if (def.coerce) return null;
  const checks = def.checks ?? [];
  switch (def.type) {
    case 'string': {
      // `min(n)` and `refine` predicates: the checks our schemas put on strings.
      let min = 0;
      const refinements: ((value: unknown) => unknown)[] = [];
      for (const check of checks) {
        const c = check._zod.def;
        // (A length check's `when` is zod's "the value has a length": a string has.)
        if (c.check === 'min_length') min = Math.max(min, c.minimum ?? 0);
        else if (c.check === 'custom' && typeof c.fn === 'function' && c.when === undefined) refinements.push(c.fn);
        else return null;
      }
      if ((def as { format?: unknown }).format !== undefined) return null;
      return (v) => (typeof v === 'string' && v.length >= min && passes(refinements, v) ? v : NOT_READ);
    }
    case 'number': {
      // zod's number refuses NaN and the infinities; `.int()` is a safe integer; bounds.
      const tests: ((v: number) => boolean)[] = [];
      for (const check of checks) {
        const c = check._zod.def;
        if (c.when !== undefined) return null;
        if (c.check === 'number_format' && c.format === 'safeint') tests.push((v) => Number.isSafeInteger(v));
        else if (c.check === 'greater_than' && typeof c.value === 'number') {
          const bound = c.value;
          tests.push(c.inclusive ? (v) => v >= bound : (v) => v > bound);
        } else if (c.check === 'less_than' && typeof c.value === 'number') {
          const bound = c.value;
          tests.push(c.inclusive ? (v) => v <= bound : (v) => v < bound);
        } else if (c.check === 'custom' && typeof c.fn === 'function') {
          const refine = c.fn;
          tests.push((v) => passes([refine], v));
        } else return null;
      }
      return (v) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) return NOT_READ;
        for (const test of tests) if (!test(v)) return NOT_READ;
        return v;
      };
    }
    case 'literal': {
      const values = new Set((def as { values?: unknown[] }).values ?? []);
      return checks.length === 0 ? (v) => (values.has(v) ? v : NOT_READ) : null;
    }
    case 'array': {
      const item = def.element && readerOf(def.element);
      if (!item || checks.length > 0) return null;
      return (v) => {
        if (!Array.isArray(v)) return NOT_READ;
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          const read = item(v[i]);
          if (read === NOT_READ || read === UNDECIDED) return read;
          out[i] = read;
        }
        return out;
      };
    }
    case 'union': {
      // The first option that reads the value, as zod's (inclusive, undiscriminated) union.
      const { options, discriminator, inclusive } = def as { options?: ZodType[]; discriminator?: unknown; inclusive?: boolean };
      if (!options || discriminator !== undefined || inclusive === false || checks.length > 0) return null;
      const readers = options.map(readerOf);
      if (readers.some((r) => r === null)) return null;
      return (v) => {
        for (const read of readers as Reader[]) {
          const out = read(v);
          if (out !== NOT_READ) return out;
        }
        return NOT_READ;
      };
    }
    case 'record':
      return recordReader(def, checks);
    case 'boolean':
      return checks.length === 0 ? (v) => (typeof v === 'boolean' ? v : NOT_READ) : null;
    case 'enum': {
      const values = (schema as unknown as { _zod: { values?: Set<unknown> } })._zod.values;
      if (checks.length > 0 || !values || [...values].some((v) => typeof v !== 'string')) return null;
      return (v) => (values.has(v) ? v : NOT_READ);
    }
    case 'unknown':
      return checks.length === 0 ? (v) => v : null;
    case 'optional': {
      const inner = def.innerType && readerOf(def.innerType);
      if (!inner || checks.length > 0) return null;
      return (v) => (v === undefined ? undefined : inner(v));
    }
    case 'nullable': {
      const inner = def.innerType && readerOf(def.innerType);
      if (!inner || checks.length > 0) return null;
      return (v) => (v === null ? null : inner(v));
    }
    case 'default': {
      const inner = def.innerType && readerOf(def.innerType);
      const fallback = def.defaultValue;
      // zod hands out a shallow clone of an object default: only primitives are modelled.
      if (!inner || checks.length > 0 || !isPrimitive(fallback)) return null;
      return (v) => {
        if (v === undefined) return fallback;
        const out = inner(v);
        return out === undefined ? fallback : out;
      };
    }
    case 'catch': {
      const inner = def.innerType && readerOf(def.innerType);
      const catchValue = def.catchValue;
      // A constant catch value only (one reading the parse context needs zod's).
      if (!inner || checks.length > 0 || !catchValue?.['~constantCatch']) return null;
      const fallback = catchValue();
      if (!isPrimitive(fallback)) return null;
      return (v) => {
        const out = inner(v);
        return out === NOT_READ ? fallback : out;
      };
    }
    case 'object':
      return objectReader(def, checks);
    case 'pipe': {
      // `schema.transform(fn)`: fn of the value alone (one reading its context can push issues).
      const inner = def.in && readerOf(def.in);
      const out = def.out && defOf(def.out);
      const transform = out?.type === 'transform' ? out.transform : undefined;
      if (!inner || !transform || transform.length > 1 || (out?.checks?.length ?? 0) > 0 || checks.length > 0) return null;
      return (v) => {
        const read = inner(v);
        return read === NOT_READ || read === UNDECIDED ? read : transform(read);
      };
    }
    default:
      return null;
  }
}

/** A strict-shape object (unknown keys dropped, as zod's default), then its `refine` predicates. */
function objectReader(def: Def, checks: NonNullable<Def['checks']>): Reader | null {
  const catchall = def.catchall && defOf(def.catchall).type;
  // Unknown keys dropped (zod's default) or refused (`strictObject`).
  if ((catchall !== undefined && catchall !== 'never') || !def.shape) return null;
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
  for (const key of keys) {
    const field = readerOf(def.shape[key]!);
    if (!field || key === '__proto__') return null;
    fields.push(field);
    omissible.push(defOf(def.shape[key]!).type === 'optional');
  }
  return generatedObjectReader(keys, fields, omissible, catchall === 'never' ? known : null, refinements);
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
  strictKeys: ReadonlySet<string> | null,
  refinements: readonly ((value: unknown) => unknown)[],
): Reader {
  const lines = ['if (typeof input !== "object" || input === null || Array.isArray(input)) return NOT_READ;'];
  // `strictObject`: a key outside the shape is zod's to refuse.
  if (strictKeys) lines.push('for (const key in input) if (!strictKeys.has(key)) return NOT_READ;');
  keys.forEach((key, i) => {
    const k = JSON.stringify(key);
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
function passes(refinements: readonly ((value: unknown) => unknown)[], value: unknown): boolean {
  for (const refine of refinements) {
    const ok = refine(value);
    if (ok instanceof Promise || !ok) return false;
  }
  return true;
}

/** `z.record(z.string(), value)` over a plain object (zod skips a `__proto__` key); anything else is zod's. */
function recordReader(def: Def, checks: NonNullable<Def['checks']>): Reader | null {
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
