import { createHash } from 'node:crypto';
import type { SourceRef } from '../model/index.js';

/** Graph types that carry a global id. */
export const NODE_TYPES = [
  'Conversation',
  'Message',
  'Contact',
  'Agent',
  'Bot',
  'Lead',
  'Company',
  'FunnelCard',
  'Funnel',
  'FunnelStage',
  'Task',
  'Scenario',
  'ScenarioStep',
  'Suggestion',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** What a global id holds: type, tenant tag, source (config key + platform scope) and the upstream id. */
export interface DecodedId {
  type: NodeType;
  /** Binds the id to the tenant that was handed it (see tenantTag). */
  tenantTag: string;
  sourceKey: string;
  scope: string;
  upstreamId: string;
  /** The parent: the conversation of a message, lead, task…; the scenario of a scenario step. */
  conversationUpstreamId: string | null;
}

const VERSION = 'g2';

/**
 * A short digest of the tenant id: it binds every id to its tenant without spelling the tenant's
 * name. Two tenants may configure the same platform account (the same source key and scope), so
 * the source alone does not say whose an id is.
 */
export function tenantTag(tenant: string): string {
  let tag = tags.get(tenant);
  if (!tag) {
    tag = createHash('sha256').update(`tenant:${tenant}`).digest('base64url').slice(0, 10);
    if (tags.size < 10_000) tags.set(tenant, tag);
  }
  return tag;
}
const tags = new Map<string, string>();

/** True when a decoded id was handed to this tenant. */
export function belongsTo(decoded: DecodedId, tenant: string): boolean {
  return decoded.tenantTag === tenantTag(tenant);
}

/**
 * Opaque global ids: base64url of a small JSON array. An id is resolved against the caller's own
 * tenant configuration and carries its tenant's tag, so another tenant's id is NOT_FOUND even
 * where both tenants configure the same platform account.
 */
export function encodeId(type: NodeType, ref: Pick<SourceRef, 'tenant' | 'key' | 'scope'>, upstreamId: string, conversationUpstreamId?: string): string {
  // The JSON of [VERSION, type, tag, key, scope, upstreamId(, conversationUpstreamId)], its fixed part written once per source and type.
  const prefix = prefixOf(type, ref);
  const text = conversationUpstreamId === undefined ? `${prefix},${item(upstreamId)}]` : `${prefix},${item(upstreamId)},${item(conversationUpstreamId)}]`;
  return Buffer.from(text).toString('base64url');
}

/** A value as JSON.stringify writes it inside an array (where undefined is `null`), should a connector pass one. */
function item(value: string): string {
  return (JSON.stringify(value) as string | undefined) ?? 'null';
}

/** Per source ref (one object per tenant source, shared by its models): the ids' fixed JSON prefix per type. */
interface IdPrefixes {
  tenant: string;
  key: string;
  scope: string;
  byType: Map<NodeType, string>;
}
const prefixes = new WeakMap<object, IdPrefixes>();

/** `["g2","<type>","<tag>","<key>","<scope>"` (without the closing bracket) for this ref. */
function prefixOf(type: NodeType, ref: Pick<SourceRef, 'tenant' | 'key' | 'scope'>): string {
  let known = prefixes.get(ref);
  // Checked against the ref's values, so a ref object changed after use still gets its own prefix.
  if (!known || known.tenant !== ref.tenant || known.key !== ref.key || known.scope !== ref.scope) {
    prefixes.set(ref, (known = { tenant: ref.tenant, key: ref.key, scope: ref.scope, byType: new Map() }));
  }
  let prefix = known.byType.get(type);
  if (prefix === undefined) known.byType.set(type, (prefix = JSON.stringify([VERSION, type, tenantTag(ref.tenant), ref.key, ref.scope]).slice(0, -1)));
  return prefix;
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
  if (!Array.isArray(parts) || parts.length < 6 || parts.length > 7) return null;
  if (!parts.every((p) => typeof p === 'string')) return null;
  const [version, type, tag, sourceKey, scope, upstreamId, conversationUpstreamId] = parts as string[];
  if (version !== VERSION || !(NODE_TYPES as readonly string[]).includes(type!) || !tag || !sourceKey || !upstreamId) return null;
  return {
    type: type as NodeType,
    tenantTag: tag,
    sourceKey,
    scope: scope ?? '',
    upstreamId,
    conversationUpstreamId: conversationUpstreamId ?? null,
  };
}
