import { decodeId, tenantTag } from '../graph/ids.js';
import type { BuiltInViewKey, SourceRef } from '../model/index.js';

/**
 * Opaque view ids, bound to the tenant they were handed to (as every global id is, src/graph/ids.ts):
 * base64url of `["v1", "InboxView", tenant tag, source key, scope, view]`, where a built-in view has
 * no source (`""`) and its key as the view (`ALL`, `MINE`, …), and a saved view its platform's id.
 */
const VERSION = 'v1';
const TYPE = 'InboxView';

export const BUILT_IN_VIEW_KEYS: readonly BuiltInViewKey[] = ['ALL', 'MINE', 'UNASSIGNED', 'UNREAD', 'STARRED', 'OVERDUE'];

export type DecodedViewId =
  { kind: 'builtIn'; tenantTag: string; key: BuiltInViewKey } | { kind: 'saved'; tenantTag: string; sourceKey: string; scope: string; upstreamId: string };

export function builtInViewId(tenant: string, key: BuiltInViewKey): string {
  return encode([VERSION, TYPE, tenantTag(tenant), '', '', key]);
}

export function savedViewId(ref: SourceRef, upstreamId: string): string {
  return encode([VERSION, TYPE, tenantTag(ref.tenant), ref.key, ref.scope, upstreamId]);
}

function encode(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** A view id, or null for anything else; `otherType` names the type of another of our ids (a conversation's…). */
export function decodeViewId(id: string): DecodedViewId | { otherType: string } | null {
  if (typeof id !== 'string' || id.length === 0 || id.length > 1_000 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const other = decodeId(id);
  if (other) return { otherType: other.type };
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 6 || !parts.every((p) => typeof p === 'string')) return null;
  const [version, type, tag, sourceKey, scope, view] = parts as [string, string, string, string, string, string];
  if (version !== VERSION || type !== TYPE || !tag || !view) return null;
  if (sourceKey === '') return (BUILT_IN_VIEW_KEYS as readonly string[]).includes(view) ? { kind: 'builtIn', tenantTag: tag, key: view as BuiltInViewKey } : null;
  return { kind: 'saved', tenantTag: tag, sourceKey, scope, upstreamId: view };
}
