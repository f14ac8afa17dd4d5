/** JSON that keeps Date values as dates across a round trip (Redis payloads). */
export function stringifyWithDates(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  });
}

export function parseWithDates(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && '$date' in v && typeof (v as { $date: unknown }).$date === 'string' ? new Date((v as { $date: string }).$date) : v,
  );
}
