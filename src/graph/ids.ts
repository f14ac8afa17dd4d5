import type { SourceRef } from '../model/index.js';

/** Graph types that carry a global id. */
export const NODE_TYPES = ['Conversation', 'Message', 'Contact', 'Agent', 'Lead', 'FunnelCard', 'Funnel', 'FunnelStage', 'Task', 'Scenario', 'ScenarioStep', 'Suggestion'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** What a global id holds: type, source (config key + platform scope) and the upstream id. */
export interface DecodedId {
  type: NodeType;
  sourceKey: string;
  scope: string;
  upstreamId: string;
  /** The parent: the conversation of a message, lead, task…; the scenario of a scenario step. */
  conversationUpstreamId: string | null;
}

const VERSION = 'g1';

/**
 * Opaque global ids: base64url of a small JSON array. The tenant is deliberately NOT inside: an
 * id is resolved against the caller's own tenant configuration, so another tenant's id names a
 * source or scope the caller does not have and resolves to NOT_FOUND.
 */
export function encodeId(type: NodeType, ref: Pick<SourceRef, 'key' | 'scope'>, upstreamId: string, conversationUpstreamId?: string): string {
  const parts: string[] = [VERSION, type, ref.key, ref.scope, upstreamId];
  if (conversationUpstreamId !== undefined) parts.push(conversationUpstreamId);
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** Returns null for anything that is not one of our ids (never throws). */
export function decodeId(id: string): DecodedId | null {
  if (typeof id !== 'string' || id.length === 0 || id.length > 1_000 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length < 5 || parts.length > 6) return null;
  if (!parts.every((p) => typeof p === 'string')) return null;
  const [version, type, sourceKey, scope, upstreamId, conversationUpstreamId] = parts as string[];
  if (version !== VERSION || !(NODE_TYPES as readonly string[]).includes(type!) || !sourceKey || !upstreamId) return null;
  return {
    type: type as NodeType,
    sourceKey,
    scope: scope ?? '',
    upstreamId,
    conversationUpstreamId: conversationUpstreamId ?? null,
  };
}
