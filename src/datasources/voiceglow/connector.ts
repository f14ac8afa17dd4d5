import DataLoader from 'dataloader';
import type { VoiceglowSourceConfig } from '../../config/schema.js';
import { UpstreamError } from '../../errors.js';
import { ALL_FILTER_KEYS, matchesFilter } from '../../inbox/filter.js';
import type {
  BucketCounts,
  ConversationFilter,
  ConversationModel,
  FunnelCardModel,
  LeadModel,
  MessageModel,
  MessagePage,
  MessagePageArgs,
  ScenarioPlacementModel,
  ScenarioStepModel,
  SourceRef,
  SuggestionModel,
  TaskModel,
} from '../../model/index.js';
import type { FilterKey, InboxConnector, JsonValue, ListPage, ListRequest } from '../connector.js';
import type { ConnectorContext } from '../platform.js';
import { mapConversation, mapLead, mapListRow, mapTasks } from './mapping.js';
import {
  vgDocumentResponseSchema,
  vgExportResponseSchema,
  vgListResponseSchema,
  type VgConvoDocument,
  type VgListResponse,
  type VgTurn,
} from './schemas.js';
import { sliceThread, threadMessages } from './transcript.js';

/** The list endpoint's own cap (convocore-mcp): asking for more still gives 20. */
export const LIST_PAGE_MAX = 20;

export const ROUTES = {
  list: '/convos',
  convo: '/convos/:convoId',
  export: '/convos/:convoId/export',
} as const;

/** Nothing is pushed down: the list endpoint takes no filter at all (research: agent-side filtering only). */
const APPLIED: ReadonlySet<FilterKey> = new Set();
const COUNT_KEYS = ALL_FILTER_KEYS.filter((key) => key !== 'assignee');

function isNotFound(error: unknown): boolean {
  return error instanceof UpstreamError && error.status === 404;
}

/** The list position we hand the gateway: the platform's `nextCursor`. */
function cursorOf(position: JsonValue | null): string | null {
  if (position === null) return null;
  if (typeof position === 'object' && !Array.isArray(position) && typeof position.cursor === 'string') return position.cursor;
  throw new Error('not a VoiceGlow list position');
}

/**
 * The InboxConnector of one VoiceGlow agent, for one request. VoiceGlow's list rows are light, so
 * every listed conversation is completed from its document (one GET each, batched and
 * de-duplicated by a DataLoader that the lead, tasks and SLA then read for free); messages come
 * from the transcript export, one call per conversation, paged here.
 */
export class VoiceglowConnector implements InboxConnector {
  readonly ref: SourceRef;
  private readonly documents: DataLoader<string, VgConvoDocument | null>;
  private readonly transcripts: DataLoader<string, VgTurn[] | null>;

  constructor(private readonly ctx: ConnectorContext<VoiceglowSourceConfig>) {
    this.ref = ctx.ref;
    this.documents = new DataLoader((ids) => settleEach(ids, (id) => this.fetchDocument(id)));
    this.transcripts = new DataLoader((ids) => settleEach(ids, (id) => this.fetchTranscript(id)));
  }

  async listConversations(request: ListRequest): Promise<ListPage> {
    const limit = Math.min(LIST_PAGE_MAX, Math.max(1, Math.floor(request.limitHint)));
    const page = await this.listPage(cursorOf(request.position), limit);
    const items = await this.hydrate(page.data);
    return {
      items,
      next: page.hasMore && page.nextCursor ? { cursor: page.nextCursor } : null,
      applied: APPLIED,
    };
  }

  /**
   * No counts endpoint: walk the whole list (20 rows a call). Documents are fetched only when the
   * filter needs a field the rows lack (search over title/last message/company, overdue).
   */
  async countConversations(filter: ConversationFilter): Promise<BucketCounts> {
    const needsDocuments = Boolean(filter.search?.trim()) || filter.overdue !== null;
    const counts: BucketCounts = { mine: 0, unassigned: 0, assigned: 0, all: 0 };
    let cursor: string | null = null;
    do {
      const page: VgListResponse = await this.listPage(cursor, LIST_PAGE_MAX);
      const models = needsDocuments ? await this.hydrate(page.data) : page.data.map((row) => mapListRow(this.ref, row));
      for (const model of models) {
        if (!matchesFilter(model, filter, this.ctx.me, COUNT_KEYS)) continue;
        const assigneeId = model.assignee?.upstreamId ?? null;
        counts.all++;
        if (assigneeId === null) counts.unassigned++;
        else counts.assigned++;
        if (assigneeId !== null && assigneeId === this.ctx.me) counts.mine++;
      }
      cursor = page.hasMore ? (page.nextCursor ?? null) : null;
    } while (cursor !== null);
    return counts;
  }

  async conversation(upstreamId: string): Promise<ConversationModel | null> {
    const doc = await this.documents.load(upstreamId);
    return doc ? mapConversation(this.ref, doc, this.ctx.now()) : null;
  }

  async messages(conversation: ConversationModel, page: MessagePageArgs): Promise<MessagePage> {
    return sliceThread(await this.thread(conversation), page);
  }

  async lastMessage(conversation: ConversationModel): Promise<MessageModel | null> {
    const thread = await this.thread(conversation);
    return thread[thread.length - 1] ?? null;
  }

  async lead(conversation: ConversationModel): Promise<LeadModel | null> {
    const doc = await this.documents.load(conversation.upstreamId);
    return doc ? mapLead(this.ref, doc) : null;
  }

  /** VoiceGlow's "funnel" is a lead-scoring checklist (steps matched add points), not a pipeline card. */
  async funnelCard(_conversation: ConversationModel): Promise<FunnelCardModel | null> {
    return null;
  }

  async tasks(conversation: ConversationModel): Promise<TaskModel[]> {
    const doc = await this.documents.load(conversation.upstreamId);
    return doc ? mapTasks(this.ref, doc) : [];
  }

  async scenario(_conversation: ConversationModel): Promise<ScenarioPlacementModel | null> {
    return null;
  }

  async scenarioSteps(_scenarioUpstreamId: string): Promise<ScenarioStepModel[]> {
    return [];
  }

  async suggestions(_conversation: ConversationModel): Promise<SuggestionModel[]> {
    return [];
  }

  private listPage(cursor: string | null, limit: number): Promise<VgListResponse> {
    return this.ctx.client.request({
      route: ROUTES.list,
      query: { limit, cursor: cursor ?? undefined },
      schema: vgListResponseSchema,
      tags: ['list'],
    });
  }

  /** Each row completed from its document; a row whose document is gone meanwhile is dropped. */
  private async hydrate(rows: VgListResponse['data']): Promise<ConversationModel[]> {
    const docs = await this.documents.loadMany(rows.map((row) => row.ID));
    const now = this.ctx.now();
    const items: ConversationModel[] = [];
    rows.forEach((row, i) => {
      const doc = docs[i];
      if (doc instanceof Error) throw doc;
      if (doc) items.push(mapConversation(this.ref, doc, now, row));
    });
    return items;
  }

  private async thread(conversation: ConversationModel): Promise<MessageModel[]> {
    const turns = await this.transcripts.load(conversation.upstreamId);
    return turns ? threadMessages(this.ref, conversation, turns, this.ctx.config.agentId) : [];
  }

  private async fetchDocument(convoId: string): Promise<VgConvoDocument | null> {
    try {
      const response = await this.ctx.client.request({
        route: ROUTES.convo,
        params: { convoId },
        schema: vgDocumentResponseSchema,
        tags: [`conversation:${convoId}`],
      });
      return response.data;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  private async fetchTranscript(convoId: string): Promise<VgTurn[] | null> {
    try {
      const response = await this.ctx.client.request({
        route: ROUTES.export,
        params: { convoId },
        query: { format: 'json' },
        schema: vgExportResponseSchema,
        tags: [`conversation:${convoId}`],
      });
      return response.data.turns;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}

/** A DataLoader batch of independent GETs (VoiceGlow has no batch read): one failure fails only its key. */
function settleEach<K, V>(keys: readonly K[], load: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  return Promise.all(keys.map((key) => load(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
}
