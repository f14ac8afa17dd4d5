import { z, type ZodType } from 'zod';

/**
 * Building blocks of a tolerant boundary (issue "Real platforms' shapes"): a connector's schema
 * requires only what its mapping cannot do without; every other field is read with these, so a
 * platform that leaves it out, sends null, an empty object or a value of another type costs that
 * field (read as null), never the row. Unknown keys are dropped by zod's default object parsing.
 */

/** An optional field: absent, null or not of `schema`'s type all read as null. */
export function optional<T>(schema: ZodType<T>): ZodType<T | null> {
  return z
    .unknown()
    .optional()
    .transform((value): T | null => {
      if (value === null || value === undefined) return null;
      const parsed = schema.safeParse(value);
      return parsed.success ? parsed.data : null;
    });
}

/** Optional text: a string (kept as sent, empty included), else null. */
export const optionalText = optional(z.string());

/** Optional number: a finite number, else null. */
export const optionalNumber = optional(z.number().refine(Number.isFinite));

/** Optional boolean. */
export const optionalBoolean = optional(z.boolean());

/** One of `values`, or null for anything else (absent, null, a value the platform added later). */
export function optionalEnum<const V extends readonly [string, ...string[]]>(values: V): ZodType<V[number] | null> {
  return optional(z.enum(values));
}

/**
 * A list of which only the readable items count: absent or null is `[]`, an item that fails
 * `item` is left out (a tag without its name, an attachment without a URL). For the rows of a
 * list or a thread, whose loss must be reported, parse the items one by one instead.
 */
export function lenientList<T>(item: ZodType<T>): ZodType<T[]> {
  return z
    .unknown()
    .optional()
    .transform((value): T[] => {
      if (!Array.isArray(value)) return [];
      const out: T[] = [];
      for (const entry of value) {
        const parsed = item.safeParse(entry);
        if (parsed.success) out.push(parsed.data);
      }
      return out;
    });
}

/** A date-time without an offset: read as UTC (Date.parse would read it in the server's time zone). */
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * A timestamp string: ISO-8601 with an offset or `Z`, or without one (then UTC), fractions of any
 * length. Becomes the ISO-8601 UTC string of that instant (so `new Date(x)` reads it anywhere).
 */
export const timestampText = z.string().transform((text, ctx) => {
  const ms = Date.parse(NO_OFFSET.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  if (Number.isNaN(ms)) {
    ctx.issues.push({ code: 'custom', message: 'not a timestamp', input: text });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

/** An optional timestamp string (see `timestampText`): anything unreadable is null. */
export const optionalTimestamp = optional(timestampText);

/**
 * A JSON object passed through as the platform sent it (custom attributes, variables): anything
 * else (absent, null, an array, a string) reads as null.
 */
export const optionalJsonObject = optional(z.record(z.string(), z.json()));
