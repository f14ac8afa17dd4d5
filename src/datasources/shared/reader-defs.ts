/** What readers.ts reads of a zod schema (its `_zod` internals), and what a reader answers. */
import type { ZodType } from 'zod';

/** What a reader answers where the schema refuses the input. */
export const NOT_READ: unique symbol = Symbol('not read');
/**
 * What a reader answers where it cannot tell (zod may read the input, e.g. an optional field's
 * absence under `catch`): zod answers. Never turned into a fallback value, as NOT_READ is by `catch`.
 */
export const UNDECIDED: unique symbol = Symbol('undecided');
export type Reader = (input: unknown) => unknown;

/** The zod definition fields a reader looks at (zod's `_zod.def`, which its types keep internal). */
export interface Def {
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
export interface CheckDef {
  check: string;
  minimum?: number;
  value?: unknown;
  inclusive?: boolean;
  format?: string;
  fn?: (value: unknown) => unknown;
  when?: unknown;
}

export function defOf(schema: ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** zod's "may this be absent" rung of a schema (`optional`, `defaulted`, or undefined: required). */
export function optinOf(schema: ZodType): string | undefined {
  return (schema as unknown as { _zod: { optin?: string } })._zod.optin;
}

export function isExactOptional(schema: ZodType): boolean {
  // (Its definition is an optional's: only the class tells it apart.)
  return (schema as unknown as { _zod: { traits?: Set<string> } })._zod.traits?.has('$ZodExactOptional') ?? false;
}

/**
 * A transform of the value alone: one parameter at most, and no `arguments` or rest parameter
 * (which `length` does not show), whose second argument is zod's parse context. Judged on the
 * source text, so anything that merely mentions them is left to zod.
 */
export function readsValueOnly(transform: (value: unknown) => unknown): boolean {
  if (transform.length > 1) return false;
  const source = Function.prototype.toString.call(transform);
  return !source.includes('arguments') && !source.includes('...');
}

/**
 * The default of `def`, as zod reads it on each parse: zod's factories define `defaultValue` as a
 * getter that calls a function default every time (a constant cannot be told from a function
 * without calling it), so the reader reads it when it needs it, as zod does. A plain data property
 * (schemas rebuilt by hand) is read once.
 */
export function defaultOf(def: Def): () => unknown {
  const descriptor = Object.getOwnPropertyDescriptor(def, 'defaultValue');
  if (descriptor?.get) return () => def.defaultValue;
  const value = descriptor?.value;
  return () => value;
}

/**
 * Whether zod refuses `undefined` for `schema` whatever it is (so an absent required key fails
 * there as in zod); anything else (unknown, transforms, literal(undefined)…) is not known to.
 */
export function refusesUndefined(schema: ZodType): boolean {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'array':
    case 'record':
    case 'object':
      return true;
    case 'literal':
    case 'enum': {
      const values = (schema as unknown as { _zod: { values?: Set<unknown> } })._zod.values;
      return values !== undefined && !values.has(undefined);
    }
    case 'nullable':
      return def.innerType !== undefined && refusesUndefined(def.innerType);
    case 'pipe':
      return def.in !== undefined && refusesUndefined(def.in);
    case 'union': {
      const options = (def as { options?: ZodType[] }).options;
      return options !== undefined && options.every(refusesUndefined);
    }
    default:
      return false;
  }
}

export function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}
