/**
 * An opaque keyset cursor for a list sorted by time then id: the sort key of the last row served,
 * as base64url JSON, so writes between two pages never shift them. Iron and VoiceGlow page this way.
 */
export interface KeysetCursor {
  /** The last row's time (whatever unit the list sorts by). */
  t: number;
  id: string;
}

export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.t, id: cursor.id })).toString('base64url');
}

/** The cursor, or null for anything a caller made up or mangled (the route answers its own 400). */
export function decodeKeysetCursor(raw: string): KeysetCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { t, id } = value as Record<string, unknown>;
    return typeof t === 'number' && typeof id === 'string' ? { t, id } : null;
  } catch {
    return null;
  }
}
