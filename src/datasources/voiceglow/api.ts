import type { RestClient } from '../rest-client.js';
import {
  vgAssignResponseSchema,
  vgDocumentResponseSchema,
  vgExportResponseSchema,
  vgListResponseSchema,
  vgUpdateResponseSchema,
  type VgConvoDocument,
  type VgConvoListRow,
  type VgState,
  type VgTurn,
  type VgTurnMessage,
} from './schemas.js';
import type { RowList } from '../shared/index.js';

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

/** One list page: its readable rows and where the list goes on (connector.ts decides). */
export interface VgListPage {
  rows: VgConvoListRow[];
  hasMore: boolean | null;
  nextCursor: string | null;
}

/** A readable item of a list, with its position in the list as sent (unreadable items counted). */
export interface Placed<T> {
  index: number;
  row: T;
}

/** A transcript turn at its position, with its readable messages at theirs (message cursors are positions). */
export interface PlacedTurn {
  index: number;
  turn: VgTurn;
  messages: Placed<VgTurnMessage>[];
}

/** The readable rows of `list` with their positions in the list as sent. */
export function placed<T>(list: RowList<T>): Placed<T>[] {
  const skipped = new Set(list.skipped.map((row) => row.index));
  const out: Placed<T>[] = [];
  let next = 0;
  for (let index = 0; index < list.received; index++) {
    if (skipped.has(index)) continue;
    out.push({ index, row: list.rows[next++]! });
  }
  return out;
}

/** The calls of one VoiceGlow agent, for one request (on that request's REST client). */
export class VoiceglowApi {
  constructor(private readonly client: RestClient) {}

  /**
   * `GET …/convos?limit=≤20[&cursor=]`: one page of light rows, newest activity first (the
   * unreadable ones left out and reported), with where the list goes on.
   */
  async listConvos(cursor: string | null, limit: number): Promise<VgListPage> {
    const answer = await this.client.request({
      route: ROUTES.list,
      query: { limit, cursor: cursor ?? undefined },
      schema: vgListResponseSchema,
      tags: ['list'],
    });
    return { rows: this.client.rows(answer.data, { route: ROUTES.list, row: 'conversation' }), hasMore: answer.hasMore, nextCursor: answer.nextCursor };
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

  /**
   * `GET …/convos/{convoId}/export?format=json`: the whole transcript in one call (ASSUMED shape).
   * Unreadable turns and messages are left out and reported; the others keep their positions.
   */
  async transcript(convoId: string): Promise<PlacedTurn[]> {
    const response = await this.client.request({
      route: ROUTES.export,
      params: { convoId },
      query: { format: 'json' },
      schema: vgExportResponseSchema,
      tags: [conversationTag(convoId)],
    });
    const report = <T>(list: RowList<T>, row: string): void => void this.client.rows(list, { route: ROUTES.export, row });
    report(response.data.turns, 'transcript turn');
    return placed(response.data.turns).map(({ index, row: turn }) => {
      report(turn.messages, 'message');
      return { index, turn, messages: placed(turn.messages) };
    });
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
