import type { RestClient } from '../rest-client.js';
import {
  vgAssignResponseSchema,
  vgDocumentResponseSchema,
  vgExportResponseSchema,
  vgListResponseSchema,
  vgUpdateResponseSchema,
  type VgConvoDocument,
  type VgListResponse,
  type VgState,
  type VgTurn,
} from './schemas.js';

/**
 * VoiceGlow / Convocore v3 over HTTP: the only place that knows its routes. The REST client puts
 * every call under the base path `/v3/agents/{agentId}` (index.ts, `connection`); the route
 * templates below come after it and are also the metrics `route` labels (never a raw URL). Each
 * answer is validated by its zod schema (schemas.ts). Reads carry the cache tags the gateway
 * drops after a write: `list` on the list, `conversation:<convoId>` on everything of one convo.
 */
const ROUTES = {
  list: '/convos',
  convo: '/convos/:convoId',
  export: '/convos/:convoId/export',
  /** PATCH: a partial update of the convo document (same path as the document read). */
  update: '/convos/:convoId',
  assign: '/convos/:convoId/assign',
} as const;

/** The list endpoint's own cap (convocore-mcp): asking for more still gives 20. */
export const LIST_PAGE_MAX = 20;

/** The fields of the convo document our writes change (`PATCH …/convos/{convoId} {conversation}`); `null` removes one. */
export interface VgConvoPatch {
  state?: VgState;
  /** Replaces the whole list. */
  tags?: string[];
  /** Only `null` (unassign): assigning goes through `/assign`. */
  assignedTo?: null;
  chatAssignedTo?: null;
}

/** `POST …/convos/{convoId}/assign`: `delegatedBy` is who hands the chat over, when not the assignee. */
export interface VgAssignBody {
  assignToUserId: string;
  delegatedBy?: string;
}

const conversationTag = (convoId: string): string => `conversation:${convoId}`;

/** The calls of one VoiceGlow agent, for one request (on that request's REST client). */
export class VoiceglowApi {
  constructor(private readonly client: RestClient) {}

  /** `GET …/convos?limit=≤20[&cursor=]`: one page of light rows, newest activity first. */
  listConvos(cursor: string | null, limit: number): Promise<VgListResponse> {
    return this.client.request({
      route: ROUTES.list,
      query: { limit, cursor: cursor ?? undefined },
      schema: vgListResponseSchema,
      tags: ['list'],
    });
  }

  /**
   * `GET …/convos/{convoId}`: the full convo (and lead) document. `fresh` skips every cache, for a
   * write computed from what the document holds now.
   */
  async convo(convoId: string, { fresh = false }: { fresh?: boolean } = {}): Promise<VgConvoDocument> {
    const response = await this.client.request({
      route: ROUTES.convo,
      params: { convoId },
      schema: vgDocumentResponseSchema,
      tags: [conversationTag(convoId)],
      ...(fresh ? { cache: false } : {}),
    });
    return response.data;
  }

  /** `GET …/convos/{convoId}/export?format=json`: the whole transcript in one call (ASSUMED shape). */
  async transcript(convoId: string): Promise<VgTurn[]> {
    const response = await this.client.request({
      route: ROUTES.export,
      params: { convoId },
      query: { format: 'json' },
      schema: vgExportResponseSchema,
      tags: [conversationTag(convoId)],
    });
    return response.data.turns;
  }

  /** `PATCH …/convos/{convoId} {conversation: {…partial}}`. */
  async updateConvo(convoId: string, conversation: VgConvoPatch): Promise<void> {
    await this.client.request({ method: 'PATCH', route: ROUTES.update, params: { convoId }, body: { conversation }, schema: vgUpdateResponseSchema });
  }

  /** `POST …/convos/{convoId}/assign {assignToUserId, delegatedBy?}`. */
  async assign(convoId: string, body: VgAssignBody): Promise<void> {
    await this.client.request({ method: 'POST', route: ROUTES.assign, params: { convoId }, body, schema: vgAssignResponseSchema });
  }
}
