import { describe, expect, it } from 'vitest';
import { z, type ZodType } from 'zod';
import * as chatvolt from '../src/datasources/chatvolt/schemas.js';
import * as iron from '../src/datasources/iron/schemas.js';
import { NOT_READ, readerOf, UNDECIDED } from '../src/datasources/shared/readers.js';
import * as voiceglow from '../src/datasources/voiceglow/schemas.js';
import * as voxysCrm from '../src/datasources/voxys/crm-schemas.js';
import * as voxys from '../src/datasources/voxys/schemas.js';

/**
 * shared/readers.ts answers a row before zod does (without zod's per-field closures). It must
 * answer exactly what the schema answers, NOT_READ where the schema fails, or UNDECIDED (then zod
 * answers): for every platform schema it models, on random inputs shaped like its rows
 * (each field present, absent, null, of another type, or one of the platforms' odd values).
 */
const ODD: unknown[] = [
  null,
  0,
  1,
  -1.5,
  1_700_000_000,
  '',
  'x',
  '42',
  '1700000000.5',
  true,
  false,
  {},
  [],
  ['a', 1],
  '2026-01-02T03:04:05.678Z',
  '2026-01-02 03:04',
  '2026-13-01T00:00:00Z',
  'RESOLVED',
  'HIGH',
  'open',
  'incoming',
  'ai-chatting',
  'human',
];

interface ShapeDef {
  type: string;
  shape?: Record<string, ZodType>;
  innerType?: ZodType;
  element?: ZodType;
  in?: ZodType;
  options?: ZodType[];
}
const defOf = (schema: ZodType): ShapeDef => (schema as unknown as { _zod: { def: ShapeDef } })._zod.def;

function sample(schema: ZodType, next: (k: number) => number, depth: number): unknown {
  const def = defOf(schema);
  if (next(6) === 0 || depth > 4) return ODD[next(ODD.length)];
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) if (next(10) !== 0) out[key] = sample(field, next, depth + 1);
      if (next(4) === 0) out.extra = 'unknown key';
      return out;
    }
    case 'array':
      return Array.from({ length: next(3) }, () => sample(def.element!, next, depth + 1));
    case 'union':
      return sample(def.options![next(def.options!.length)]!, next, depth);
    case 'pipe':
      return def.in && defOf(def.in).type !== 'optional'
        ? sample(def.in, next, depth)
        : Array.from({ length: next(3) }, () => ({ id: 'i', url: 'u', tag: 't', varName: 'v', varValue: next(2) }));
    default:
      return def.innerType ? sample(def.innerType, next, depth) : ODD[next(ODD.length)];
  }
}

describe('schema readers', () => {
  it('answer what zod answers for every platform schema they model', () => {
    let seed = 7;
    const next = (k: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % k);
    const modules = [chatvolt, iron, voiceglow, voxys, voxysCrm] as Record<string, unknown>[];
    let modelled = 0;
    let decided = 0;
    for (const module of modules) {
      for (const [name, value] of Object.entries(module)) {
        if (typeof value !== 'object' || value === null || !('_zod' in value)) continue;
        const schema = value as ZodType;
        const reader = readerOf(schema);
        if (reader === null) continue;
        modelled++;
        for (let i = 0; i < 300; i++) {
          const input = sample(schema, next, 0);
          const read = reader(structuredClone(input));
          const parsed = schema.safeParse(structuredClone(input));
          if (read === UNDECIDED) continue;
          decided++;
          if (read === NOT_READ) expect(parsed.success, `${name}: zod reads what the reader refuses: ${JSON.stringify(input)}`).toBe(false);
          else expect({ name, out: read }).toStrictEqual({ name, out: parsed.data });
        }
      }
    }
    expect(modelled).toBeGreaterThan(30);
    // Most inputs are decided by the reader (UNDECIDED is for the odd absent field under `catch`).
    expect(decided).toBeGreaterThan(modelled * 200);
  });

  /**
   * Schemas none of ours uses today, where a reader could answer otherwise than zod: the reader
   * must give no reader, defer (UNDECIDED), or answer exactly what zod answers.
   */
  it('agree with zod (or defer) at the edges: absent keys, defaults under optional, formats, symbols, transforms', () => {
    const sym = Symbol('s');
    const edges: [string, ZodType, unknown[]][] = [
      // A required key absent fails in zod even where its schema reads undefined.
      ['unknown().transform, absent', z.object({ a: z.unknown().transform((v) => v ?? 'x') }), [{}, { a: undefined }, { a: 1 }]],
      ['union[unknown].transform, absent', z.object({ a: z.union([z.unknown(), z.string()]).transform((v) => v ?? 'x') }), [{}, { a: 'y' }]],
      ['literal(undefined).transform, absent', z.object({ a: z.literal(undefined).transform(() => 1) }), [{}, { a: undefined }]],
      ['required string, absent', z.object({ a: z.string() }), [{}, { a: 'x' }]],
      // `.optional()` over a default: zod applies the default to undefined.
      ['default().optional()', z.string().default('a').optional(), [undefined, 'b', 1]],
      ['default().optional() field', z.object({ a: z.string().default('a').optional() }), [{}, { a: undefined }, { a: 'b' }]],
      ['catch(default).optional() field', z.object({ a: z.string().nullable().default(null).catch(null).optional() }), [{}, { a: 1 }]],
      ['prefault', z.string().prefault('a'), [undefined, 'b']],
      ['exactOptional field', z.object({ a: z.string().exactOptional() }), [{}, { a: undefined }, { a: 'x' }]],
      // Formats on the number definition itself.
      ['z.int()', z.int(), [1, 1.5, 2 ** 53, NaN]],
      ['z.int32()', z.int32(), [1, 1.5, 1e10, -(2 ** 31) - 1]],
      ['z.number().int()', z.number().int(), [1, 1.5]],
      // Symbol keys of a shape: zod keeps them.
      ['symbol shape key', z.object({ a: z.string(), [sym]: z.string() }), [{ a: 'x', [sym]: 'y' }, { a: 'x' }]],
      // Transforms reading more than their value (the parse context).
      [
        'transform reading arguments',
        z.object({
          a: z.string().transform(function (this: unknown) {
            return arguments.length;
          }),
        }),
        [{ a: 'x' }],
      ],
      ['transform with a rest parameter', z.object({ a: z.string().transform((...args: unknown[]) => args.length) }), [{ a: 'x' }]],
      ['constant default', z.object({ a: z.string().nullable().default(null) }), [{}, { a: undefined }, { a: 'x' }, { a: 1 }]],
      ['pure function default', z.object({ a: z.string().default(() => 'd') }), [{}, { a: 'x' }]],
    ];
    for (const [name, schema, inputs] of edges) {
      const reader = readerOf(schema);
      if (reader === null) continue;
      for (const input of inputs) {
        const read = reader(input);
        if (read === UNDECIDED) continue;
        const parsed = schema.safeParse(input);
        if (read === NOT_READ) expect(parsed.success, `${name}: zod reads what the reader refuses: ${String(input)}`).toBe(false);
        else {
          expect(parsed.success, `${name}: the reader reads what zod refuses`).toBe(true);
          expect({ name, out: read }).toStrictEqual({ name, out: parsed.data });
          // (toStrictEqual does not compare symbol keys.)
          expect({ name, keys: Reflect.ownKeys(Object(read)) }).toEqual({ name, keys: Reflect.ownKeys(Object(parsed.data)) });
        }
      }
    }
    // The cases the reader used to answer otherwise than zod: now no reader, or a deferral.
    expect(readerOf(edges[0]![1])!({})).toBe(UNDECIDED);
    expect(readerOf(edges[4]![1])).toBeNull();
    expect(readerOf(edges[10]![1])).toBeNull();
    expect(readerOf(edges[9]![1])!(1.5)).toBe(NOT_READ);
    expect(readerOf(edges[12]![1])).toBeNull();
    expect(readerOf(edges[13]![1])).toBeNull();
    expect(readerOf(edges[14]![1])).toBeNull();
    // The reader still models what our schemas use: a constant default, a required key refusing undefined.
    expect(readerOf(edges[15]![1])!({})).toStrictEqual({ a: null });
    expect(readerOf(edges[3]![1])!({})).toBe(NOT_READ);
  });

  it('reads a function default on every parse, as zod does (never a value taken once)', () => {
    let calls = 0;
    const schema = z.object({ a: z.number().default(() => ++calls) });
    const reader = readerOf(schema);
    if (reader === null) return;
    // Each answer is what a zod parse at that moment gives: the function's next value, called once.
    expect(reader({})).toStrictEqual({ a: 1 });
    expect(reader({})).toStrictEqual({ a: 2 });
    expect(schema.parse({})).toStrictEqual({ a: 3 });
    expect(reader({ a: 7 })).toStrictEqual({ a: 7 });
    expect(calls).toBe(3);
  });
});
