import { describe, expect, it } from 'vitest';
import { readTimestamp } from '../src/datasources/shared/lenient.js';

/**
 * lenient.ts reads the common `YYYY-MM-DDTHH:MM:SS[.f…]Z` form without Date (toISOString alone
 * cost about a microsecond per timestamp). It must answer exactly what the Date reading answers,
 * for every text: rolled-over days, 24:00, leap years, long or short fractions, garbage.
 */
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
function byDate(text: string): string | null {
  const ms = Date.parse(NO_OFFSET.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

describe('readTimestamp', () => {
  it('answers what Date answers, for tricky and random texts', () => {
    const tricky = ['2024-02-29T00:00:00.000Z', '2026-02-29T00:00:00.000Z', '2100-02-29T12:00:00Z', '2000-02-29T12:00:00Z', '2026-04-31T00:00:00.000Z', '2026-01-01T24:00:00.000Z'];
    tricky.push(
      '2026-01-01T23:59:60.000Z',
      '2026-13-01T00:00:00Z',
      '0000-01-01T00:00:00.000Z',
      '2026-12-31T23:59:59.999999999Z',
      '2026-01-01T00:00:00.1Z',
      '2026-01-01T00:00:00.Z',
    );
    tricky.push('2026-01-01T00:00:00.123456Z', '2026-01-01 10:00:00', '2026-01-01T10:00:00+02:00', '+002026-01-01T00:00:00.000Z', '2026-1-01T00:00:00.000Z', 'soon');
    let seed = 11;
    const next = (k: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % k);
    const d2 = (k: number) => String(next(k)).padStart(2, '0');
    const random = Array.from({ length: 20_000 }, () => {
      const year = String([1969, 1970, 2000, 1900, 2024, 2026, 2100, 9999][next(8)]! + next(5)).padStart(4, '0');
      const fraction = ['', '.', '.1', '.12', '.123', '.123456', '.1234567890', '.1x'][next(8)];
      const end = ['Z', 'Z', 'Z', 'z', '+00:00', ''][next(6)];
      return `${year}-${d2(14)}-${d2(33)}${['T', 'T', ' '][next(3)]}${d2(26)}:${d2(62)}:${d2(62)}${fraction}${end}`;
    });
    for (const text of [...tricky, ...random]) expect(readTimestamp(text), text).toBe(byDate(text));
  });
});
