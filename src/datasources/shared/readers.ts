import type { ZodType } from 'zod';
import { objectReader, passes, recordReader } from './object-readers.js';
import { defaultOf, defOf, isExactOptional, isPrimitive, NOT_READ, optinOf, readsValueOnly, UNDECIDED, type Reader } from './reader-defs.js';

export { NOT_READ, UNDECIDED, type Reader } from './reader-defs.js';

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
      // `z.int()` carries its format on the definition itself (`z.int32()` and the others: zod's).
      const format = (def as { format?: unknown }).format;
      if (format === 'safeint') tests.push((v) => Number.isSafeInteger(v));
      else if (format !== undefined) return null;
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
      // Over a default (`.default().optional()`, through a catch or a nullable too) zod applies the
      // default to undefined; `exactOptional` refuses a present undefined: both are zod's.
      if (!inner || checks.length > 0 || optinOf(def.innerType!) === 'defaulted' || isExactOptional(schema)) return null;
      return (v) => (v === undefined ? undefined : inner(v));
    }
    case 'nullable': {
      const inner = def.innerType && readerOf(def.innerType);
      if (!inner || checks.length > 0) return null;
      return (v) => (v === null ? null : inner(v));
    }
    case 'default': {
      const inner = def.innerType && readerOf(def.innerType);
      if (!inner || checks.length > 0) return null;
      const fallback = defaultOf(def);
      // zod hands out a shallow clone of an object default: only primitives are modelled (an
      // object is zod's to hand out; a function default then runs once more, in zod).
      const primitive = (value: unknown): unknown => (isPrimitive(value) ? value : UNDECIDED);
      return (v) => {
        if (v === undefined) return primitive(fallback());
        const out = inner(v);
        return out === undefined ? primitive(fallback()) : out;
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
      if (!inner || !transform || !readsValueOnly(transform) || (out?.checks?.length ?? 0) > 0 || checks.length > 0) return null;
      return (v) => {
        const read = inner(v);
        return read === NOT_READ || read === UNDECIDED ? read : transform(read);
      };
    }
    default:
      return null;
  }
}
