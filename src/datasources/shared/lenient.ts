import { z, type util, type ZodType } from 'zod';
import { compiled } from './compiled.js';
import { declareReader, NOT_READ } from './readers.js';

/**
 * Building blocks of a tolerant boundary (issue "Real platforms' shapes"): a connector's schema
 * requires only what its mapping cannot do without; every other field is read with these, so a
 * platform that leaves it out, sends null, an empty object or a value of another type costs that
 * field (read as null), never the row. Unknown keys are dropped by zod's default object parsing.
 *
 * Cost: these fields are most of what the platforms send (tens of thousands per cold InboxScreen).
 * Each is `schema.nullable().default(null).catch(null)`, which zod's compiler (compiled.ts) turns into inline
 * type tests: a present, readable value costs no allocation and no call. (A transform would cost
 * a call and two objects per field, and a nested safeParse a result object more.)
 */

/**
 * A field that reads as `fallback` when it is absent or not of `schema`'s type. (`default` answers
 * absence without an issue; `catch` the rest. Both compile inline; a bare `catch` would build and
 * throw away an issue for every absent field.)
 */
export function orElse<T>(schema: ZodType<T>, fallback: util.NoUndefined<T>): ZodType<T> {
  return schema.default(fallback).catch(fallback);
}

/** An optional field: absent, null or not of `schema`'s type all read as null. */
export function optional<T>(schema: ZodType<T>): ZodType<T | null> {
  return orElse(schema.nullable(), null);
}

/** Optional text: a string (kept as sent, empty included), else null. */
export const optionalText = optional(z.string());

/** Optional number: a finite number, else null (zod's number refuses NaN and the infinities). */
export const optionalNumber = optional(z.number());

/** Optional boolean. */
export const optionalBoolean = optional(z.boolean());

/** One of `values`, or null for anything else (absent, null, a value the platform added later). */
export function optionalEnum<const V extends readonly [string, ...string[]]>(values: V): ZodType<V[number] | null> {
  return optional(z.enum(values));
}

/** The readable items of a list (each parsed with `item` compiled once): for `lenientList` and list-valued fields. */
export function readableItems<T>(item: ZodType<T>): (list: readonly unknown[]) => T[] {
  let fast: ZodType<T> | undefined;
  return (list) => {
    fast ??= compiled(item);
    const out: T[] = [];
    for (const entry of list) {
      const parsed = fast.safeParse(entry);
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  };
}

/**
 * A list of which only the readable items count: absent or null is `[]`, an item that fails
 * `item` is left out (a tag without its name, an attachment without a URL). For the rows of a
 * list or a thread, whose loss must be reported, parse the items one by one instead.
 */
export function lenientList<T>(item: ZodType<T>): ZodType<T[]> {
  const readable = readableItems(item);
  return z
    .unknown()
    .optional()
    .transform((value): T[] => (Array.isArray(value) ? readable(value) : []));
}

/** A date-time without an offset: read as UTC (Date.parse would read it in the server's time zone). */
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The ISO-8601 UTC string of a timestamp text (see `timestampText`), or null when it is none. */
export function readTimestamp(text: string): string | null {
  const fast = canonicalUtc(text);
  if (fast !== null) return fast;
  const ms = Date.parse(NO_OFFSET.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of the two digits at `at` (0–99), or -1 when they are not digits. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * What `new Date(Date.parse(text)).toISOString()` answers, without either (toISOString alone
 * costs about a microsecond, and platforms send thousands of timestamps per screen), for the form
 * they use: `YYYY-MM-DDTHH:MM:SS[.f…]Z` with a real date and time (1–9 fraction digits, cut to
 * milliseconds as Date.parse does). Null for anything else (a rolled-over day, 24:00, an offset…):
 * the general path reads those.
 */
function canonicalUtc(text: string): string | null {
  const n = text.length;
  if (n < 20 || n > 30 || text.charCodeAt(n - 1) !== 90 /* Z */) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const year = century * 100 + yy;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return null;
  if (n === 20) return `${text.slice(0, 19)}.000Z`;
  if (text.charCodeAt(19) !== 46 /* . */ || n < 22) return null;
  for (let i = 20; i < n - 1; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  if (n === 24) return text;
  return n > 24 ? `${text.slice(0, 23)}Z` : `${text.slice(0, n - 1)}${'00'.slice(0, 24 - n)}Z`;
}

/**
 * A timestamp string: ISO-8601 with an offset or `Z`, or without one (then UTC), fractions of any
 * length. Becomes the ISO-8601 UTC string of that instant (so `new Date(x)` reads it anywhere).
 */
export const timestampText = declareReader(
  z.string().transform((text, ctx) => {
    const iso = readTimestamp(text);
    if (iso === null) {
      ctx.issues.push({ code: 'custom', message: 'not a timestamp', input: text });
      return z.NEVER;
    }
    return iso;
  }),
  // What the transform answers, where it pushes its issue (readers.ts).
  (value) => (typeof value === 'string' ? (readTimestamp(value) ?? NOT_READ) : NOT_READ),
);

/** An optional timestamp string (see `timestampText`): anything unreadable is null. */
export const optionalTimestamp = optional(timestampText);

/**
 * A JSON object passed through as the platform sent it (custom attributes, variables): anything
 * else (absent, null, an array, a string) reads as null. Not `optional()`: z.json() is recursive,
 * which zod's compiler refuses for the whole schema around it; behind a transform it is not seen,
 * and only this field is parsed by zod's interpreter.
 */
export const optionalJsonObject: ZodType<Record<string, z.core.util.JSONType> | null> = (() => {
  const jsonObject = z.record(z.string(), z.json());
  return z
    .unknown()
    .optional()
    .transform((value) => {
      if (value === null || value === undefined) return null;
      const parsed = jsonObject.safeParse(value);
      return parsed.success ? parsed.data : null;
    });
})();
