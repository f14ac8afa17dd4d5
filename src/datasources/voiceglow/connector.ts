import { asError, countInBuckets, emptyBuckets, mapWithConcurrency, startAhead, walkPages } from '../shared/index.js';
import { DerivedFromAnswer, frozenUnderTest } from '../shared/derived.js';
import DataLoader from 'dataloader';
import { gqlError, UpstreamError } from '../../errors.js';
import { ALL_FILTER_KEYS, fieldsNeeded, matchesFilter } from '../../inbox/filter.js';
import type {
  BucketCounts,
  ConversationFilter,
  ConversationModel,
  DeferredField,
  LeadModel,
  MessageModel,
  MessagePage,
  MessagePageArgs,
  SourceRef,
  TaskModel,
} from '../../model/index.js';
import type { ConversationSelection, FilterKey, InboxConnector, JsonValue, ListPage, ListRequest } from '../connector.js';
import type { ConnectorContext } from '../platform.js';
import { LIST_PAGE_MAX, VoiceglowApi, type PlacedTurn, type VgListPage } from './api.js';
import type { VoiceglowSourceConfig } from './config.js';
import { toLead, toTasks } from './crm-mapping.js';
import { completeRow, toConversation, toListRow } from './mapping.js';
import type { VgConvoDocument } from './schemas.js';
import { sliceThread, toMessages } from './transcript.js';

/** Nothing is pushed down: the list endpoint takes no filter at all (research: agent-side filtering only). */
const APPLIED: ReadonlySet<FilterKey> = new Set();
const COUNT_KEYS = ALL_FILTER_KEYS.filter((key) => key !== 'assignee');

/** The value, or null when the platform says the convo does not exist (404). */
async function unlessNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof UpstreamError && error.isNotFound) return null;
    throw error;
  }
}

/** The list position we hand the gateway: the platform's `nextCursor`. */
function cursorOf(position: JsonValue | null): string | null {
  if (position === null) return null;
  if (typeof position === 'object' && !Array.isArray(position) && typeof position.cursor === 'string') return position.cursor;
  throw gqlError('BAD_USER_INPUT', '`after` is not a cursor of this inbox', { argument: 'after' });
}

/**
 * Where the list goes on: the platform's `nextCursor`, as long as it gives one and does not say
 * `hasMore: false`. The page size is the platform's choice (it caps `limit` at 20, and may send
 * fewer): a short page never ends the list. A cursor that names the page just read would loop: it ends it.
 */
function nextCursorOf(page: VgListPage, asked: string | null): string | null {
  if (page.hasMore === false || page.nextCursor === null || page.nextCursor === asked) return null;
  return page.nextCursor;
}

function deferredAny(conversation: ConversationModel, fields: ReadonlySet<DeferredField>): boolean {
  for (const field of conversation.deferred ?? []) if (fields.has(field)) return true;
  return false;
}

/** A list page's rows as our model, once per cached answer (rows read nothing but the row and the source). */
const LIST_ROWS = new DerivedFromAnswer<ConversationModel[]>();
const DOCUMENT_MODELS = new DerivedFromAnswer<ConversationModel>();
/** A list row completed from a document's model, once per pair (both are kept with their cached answers). */
const COMPLETED = new WeakMap<ConversationModel, WeakMap<ConversationModel, ConversationModel>>();

function completed(row: ConversationModel, document: ConversationModel): ConversationModel {
  let byDocument = COMPLETED.get(row);
  if (!byDocument) COMPLETED.set(row, (byDocument = new WeakMap()));
  let model = byDocument.get(document);
  if (!model) byDocument.set(document, (model = frozenUnderTest(completeRow(row, document))));
  return model;
}

/**
 * The InboxConnector of one VoiceGlow agent, for one request. VoiceGlow's list rows are light:
 * a listed conversation carries what the row gives and defers the document-only fields, which
 * `hydrate` completes from the document (one GET each, batched and de-duplicated by a DataLoader
 * that the lead, tasks and `conversation()` then read for free) only for the rows and fields a
 * request needs. Messages come from the transcript export, one call per conversation, paged here.
 * It has no funnel card, scenario or suggestions (MAPPING.md, CRM): the graph answers those
 * without a call. Its actions (actions.ts) reach the platform through `api`.
 */
export class VoiceglowConnector implements InboxConnector {
  readonly ref: SourceRef;
  /** The platform's calls (api.ts), on this request's REST client. */
  readonly api: VoiceglowApi;
  /** The signed-in user's VoiceGlow user id, if they have one. */
  readonly me: string | null;
  private readonly documents: DataLoader<string, VgConvoDocument | null>;
  private readonly transcripts: DataLoader<string, PlacedTurn[] | null>;

  constructor(private readonly ctx: ConnectorContext<VoiceglowSourceConfig>) {
    this.ref = ctx.ref;
    this.api = new VoiceglowApi(ctx.client);
    this.me = ctx.me;
    const limit = ctx.config.concurrency;
    this.documents = new DataLoader((ids) => settleEach(ids, limit, (id) => unlessNotFound(this.api.convo(id))));
    this.transcripts = new DataLoader((ids) => settleEach(ids, limit, (id) => unlessNotFound(this.api.transcript(id))));
  }

  /**
   * Forgets what this request loaded of a convo: the actions call it after every write to it (a
   * failed one too), since the write made those copies stale (the gateway drops the cache).
   */
  forget(convoId: string): void {
    this.documents.clear(convoId);
    this.transcripts.clear(convoId);
  }

  async listConversations(request: ListRequest): Promise<ListPage> {
    const limit = Math.min(LIST_PAGE_MAX, Math.max(1, Math.floor(request.limitHint)));
    const page = await this.api.listConvos(cursorOf(request.position), limit);
    // Nothing is applied here, so no filter reads a deferred field: rows stay as listed.
    const next = nextCursorOf(page, cursorOf(request.position));
    return {
      items: this.rowsOf(page.rows),
      next: next === null ? null : { cursor: next },
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
    const counts = emptyBuckets();
    // Pages are read one after another: `asked` is the cursor of the page being looked at.
    let asked: string | null = null;
    const read = (cursor: string | null): Promise<VgListPage> => {
      asked = cursor;
      return this.api.listConvos(cursor, LIST_PAGE_MAX);
    };
    for await (const page of walkPages(read, (page) => nextCursorOf(page, asked))) {
      const rows = this.rowsOf(page.rows);
      const models = await mapWithConcurrency(rows, this.ctx.config.concurrency, (row) => (deferredAny(row, needed) ? this.hydrate(row) : row));
      for (const model of models) if (matchesFilter(model, filter, this.me, COUNT_KEYS)) countInBuckets(counts, model.assignee?.upstreamId ?? null, this.me);
    }
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
    return doc ? completed(conversation, this.mapped(doc)) : conversation;
  }

  async conversation(upstreamId: string): Promise<ConversationModel | null> {
    const doc = await this.documents.load(upstreamId);
    return doc ? this.mapped(doc) : null;
  }

  /** The transcript its messages read (the lead and tasks come with the document it reads anyway). */
  readAhead(upstreamId: string, selection: ConversationSelection): void {
    if (selection.messagePages.length > 0 || selection.has('lastMessage')) startAhead(() => this.transcripts.load(upstreamId));
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
    return doc ? toLead(this.ref, doc, conversation.upstreamId) : null;
  }

  async tasks(conversation: ConversationModel): Promise<TaskModel[]> {
    const doc = await this.documents.load(conversation.upstreamId);
    return doc ? toTasks(this.ref, doc, conversation.upstreamId) : [];
  }

  /** A document's model, mapped once per cached answer; its SLA's `overdue` reads the clock when asked (shared/sla-clock.ts). */
  private mapped(doc: VgConvoDocument): ConversationModel {
    return DOCUMENT_MODELS.get(doc, '', (answer) => toConversation(this.ref, answer, this.ctx.now));
  }

  /** A list page's rows as our model: mapped once per (cached) answer, shared by the list and the counts. */
  private rowsOf(rows: VgListPage['rows']): ConversationModel[] {
    return LIST_ROWS.get(rows, '', () => rows.map((row) => toListRow(this.ref, row)));
  }

  private async thread(conversation: ConversationModel): Promise<MessageModel[]> {
    const turns = await this.transcripts.load(conversation.upstreamId);
    return turns ? toMessages(this.ref, conversation, turns, this.ctx.config.agentId) : [];
  }
}

/**
 * A DataLoader batch of independent GETs (VoiceGlow has no batch read), at most `limit` at once:
 * one failure fails only its key.
 */
function settleEach<K, V>(keys: readonly K[], limit: number, load: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  return mapWithConcurrency(keys, limit, (key) => load(key).catch(asError));
}
