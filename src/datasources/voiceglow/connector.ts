import DataLoader from 'dataloader';
import type { VoiceglowSourceConfig } from '../../config/schema.js';
import { gqlError, UpstreamError } from '../../errors.js';
import { ALL_FILTER_KEYS, fieldsNeeded, matchesFilter } from '../../inbox/filter.js';
import type {
  BucketCounts,
  ConversationFilter,
  ConversationModel,
  DeferredField,
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
import type { InboxActions } from '../actions.js';
import { asError, mapWithConcurrency } from '../concurrency.js';
import type { FilterKey, InboxConnector, JsonValue, ListPage, ListRequest } from '../connector.js';
import type { ConnectorContext } from '../platform.js';
import { voiceglowActions } from './actions.js';
import { completeRow, mapConversation, mapLead, mapListRow, mapTasks } from './mapping.js';
import { ROUTES } from './routes.js';
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

export { ROUTES };

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
  throw gqlError('BAD_USER_INPUT', '`after` is not a cursor of this inbox', { argument: 'after' });
}

function deferredAny(conversation: ConversationModel, fields: ReadonlySet<DeferredField>): boolean {
  for (const field of conversation.deferred ?? []) if (fields.has(field)) return true;
  return false;
}

/**
 * The InboxConnector of one VoiceGlow agent, for one request. VoiceGlow's list rows are light:
 * a listed conversation carries what the row gives and defers the document-only fields, which
 * `hydrate` completes from the document (one GET each, batched and de-duplicated by a DataLoader
 * that the lead, tasks and `conversation()` then read for free) only for the rows and fields a
 * request needs. Messages come from the transcript export, one call per conversation, paged here.
 */
export class VoiceglowConnector implements InboxConnector {
  readonly ref: SourceRef;
  readonly actions: InboxActions;
  private readonly documents: DataLoader<string, VgConvoDocument | null>;
  private readonly transcripts: DataLoader<string, VgTurn[] | null>;

  constructor(private readonly ctx: ConnectorContext<VoiceglowSourceConfig>) {
    this.ref = ctx.ref;
    const limit = ctx.config.concurrency;
    this.documents = new DataLoader((ids) => settleEach(ids, limit, (id) => this.fetchDocument(id)));
    this.transcripts = new DataLoader((ids) => settleEach(ids, limit, (id) => this.fetchTranscript(id)));
    // A write makes this request's loaded copies of that convo stale (the gateway drops the cache).
    this.actions = voiceglowActions(ctx, (convoId) => {
      this.documents.clear(convoId);
      this.transcripts.clear(convoId);
    });
  }

  async listConversations(request: ListRequest): Promise<ListPage> {
    const limit = Math.min(LIST_PAGE_MAX, Math.max(1, Math.floor(request.limitHint)));
    const page = await this.listPage(cursorOf(request.position), limit);
    // Nothing is applied here, so no filter reads a deferred field: rows stay as listed.
    return {
      items: page.data.map((row) => mapListRow(this.ref, row)),
      next: page.hasMore && page.nextCursor ? { cursor: page.nextCursor } : null,
      applied: APPLIED,
    };
  }

  /**
   * No counts endpoint: walk the whole list (20 rows a call), matching with the gateway's own rules.
   * A row is completed from its document only when the filter reads a field it deferred (search,
   * overdue), at most the source's `concurrency` rows at a time; those documents are shared with
   * the rest of the request.
   */
  async countConversations(filter: ConversationFilter): Promise<BucketCounts> {
    // A blank search matches everything, so it needs no document.
    const needed = fieldsNeeded({ ...filter, search: filter.search?.trim() ? filter.search : null }, COUNT_KEYS);
    const counts: BucketCounts = { mine: 0, unassigned: 0, assigned: 0, all: 0 };
    let cursor: string | null = null;
    do {
      const page: VgListResponse = await this.listPage(cursor, LIST_PAGE_MAX);
      const rows = page.data.map((row) => mapListRow(this.ref, row));
      const models = await mapWithConcurrency(rows, this.ctx.config.concurrency, (row) => (deferredAny(row, needed) ? this.hydrate(row) : row));
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

  /**
   * Completes a list row from its document (one GET, shared per request with the lead, tasks and
   * `conversation()` of the same id). A row whose document is gone meanwhile (404) comes back
   * as listed, its deferred fields still placeholders.
   */
  async hydrate(conversation: ConversationModel): Promise<ConversationModel> {
    if (!conversation.deferred?.size) return conversation;
    const doc = await this.documents.load(conversation.upstreamId);
    return doc ? completeRow(conversation, mapConversation(this.ref, doc, this.ctx.now())) : conversation;
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

/**
 * A DataLoader batch of independent GETs (VoiceGlow has no batch read), at most `limit` at once:
 * one failure fails only its key.
 */
function settleEach<K, V>(keys: readonly K[], limit: number, load: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  return mapWithConcurrency(keys, limit, (key) => load(key).catch(asError));
}
