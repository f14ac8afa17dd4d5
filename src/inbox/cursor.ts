import { createHash } from 'node:crypto';
import type { JsonValue } from '../datasources/connector.js';
import type { ConversationFilter } from '../model/index.js';

/** Where one source stands in the merged inbox. */
export interface SourceCursor {
  /** Upstream position of the page holding the source's next unread item (null = first page). */
  p: JsonValue | null;
  /** Sort key of the last item emitted from this source: [lastActivityAt ms, tie id]. */
  b: [number, string] | null;
  /** 1 when the source has nothing more. */
  d?: 1;
}

export interface InboxCursor {
  v: 1;
  /** Fingerprint of the filter and sources the cursor was made for. */
  f: string;
  s: Record<string, SourceCursor>;
}

export class CursorError extends Error {}

export function filterFingerprint(filter: ConversationFilter, sourceKeys: readonly string[]): string {
  const normalized = JSON.stringify({ ...filter, sources: [...sourceKeys].sort() });
  return createHash('sha256').update(normalized).digest('base64url').slice(0, 12);
}

export function encodeCursor(cursor: InboxCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string, fingerprint: string): InboxCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('`after` is not a cursor of this inbox');
  }
  if (!isCursor(parsed)) throw new CursorError('`after` is not a cursor of this inbox');
  if (parsed.f !== fingerprint) throw new CursorError('`after` was made for another filter: start again without it');
  return parsed;
}

function isCursor(value: unknown): value is InboxCursor {
  if (!value || typeof value !== 'object') return false;
  const c = value as Record<string, unknown>;
  if (c.v !== 1 || typeof c.f !== 'string' || !c.s || typeof c.s !== 'object') return false;
  return Object.values(c.s as Record<string, unknown>).every((s) => {
    if (!s || typeof s !== 'object') return false;
    const b = (s as SourceCursor).b;
    return b === null || (Array.isArray(b) && b.length === 2 && typeof b[0] === 'number' && typeof b[1] === 'string');
  });
}
