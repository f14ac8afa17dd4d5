import { asError, countInBuckets, emptyBuckets, mapWithConcurrency, startAhead } from '../shared/index.js';
import DataLoader from 'dataloader';
import type {
  AgentModel,
  BucketCounts,
  ConversationFilter,
  ConversationModel,
  MessageModel,
  MessagePage,
  MessagePageArgs,
  ScenarioPlacementModel,
  ScenarioStepModel,
  SourceRef,
} from '../../model/index.js';
import type { ConversationSelection, InboxConnector, ListPage, ListRequest } from '../connector.js';
import type { ConnectorContext } from '../platform.js';
import { ALL_FILTER_KEYS, matchesFilter } from '../../inbox/filter.js';
import { ChatvoltApi, type ConversationListQuery } from './api.js';
import type { ChatvoltSourceConfig } from './config.js';
import { planList } from './list-plan.js';
import { frozenUnderTest } from '../shared/derived.js';
import { listViewOf, rowsOf, type ListView } from './list-view.js';
import { decodePosition, encodePosition, indexAfter } from './list-position.js';
import { SUMMARY_FIELDS, toAgent, toConversation, toMessage, type SenderDirectory, type ThreadSummary } from './mapping.js';
import { ChatvoltScenarios } from './scenarios.js';
import { encodeMessageCursor } from './message-cursor.js';
import type { ChatvoltConversation, ChatvoltMessage } from './schemas.js';
import { SUMMARY_WINDOW, threadSummary } from './summary.js';
import { readThread } from './thread-page.js';
import { ThreadWindows } from './thread-windows.js';

/** Page size of the connector's own paging of the list array: the merge's hint, within these bounds. */
const MAX_PAGE = 50;

/** List rows completed with their thread summary, per (row, summary). */
const COMPLETED = new WeakMap<ConversationModel, WeakMap<ThreadSummary, ConversationModel>>();

/**
 * Chatvolt (a Chaindesk fork) for one request of one tenant's user. The organization is implied by
 * the API key. Call counts per screen are in MAPPING.md. Chatvolt has no leads, funnel cards, tasks
 * or AI drafts, so those optional reads are absent (the graph answers them without any call).
 */

export class ChatvoltConnector implements InboxConnector {
  readonly ref: SourceRef;
  /** Chatvolt's routes (api.ts): the reads below and the actions (actions.ts) call it. */
  readonly api: ChatvoltApi;
  private readonly me: string | null;
  private readonly agentId: string | undefined;
  private readonly windows: ThreadWindows;
  /** Unread count and preview per conversation, once per request (`hydrate`, `conversation`, counts share it). */
  private readonly summaries: DataLoader<string, ThreadSummary>;
  /** The detail (with scenario links), once per request: conversation, scenario and message senders share it. */
  private readonly details: DataLoader<string, ChatvoltConversation | null>;
  private readonly scenarios: ChatvoltScenarios;
  /** Team members by user id, from the assignees of every conversation this connector has read. */
  private readonly members = new Map<string, AgentModel>();
  private readonly read = new Set<string>();
  /** The source's `concurrency`: at most this many calls of one fan-out (a batch, a count) at once. */
  private readonly limit: number;

  constructor(context: ConnectorContext<ChatvoltSourceConfig>) {
    this.ref = context.ref;
    this.api = new ChatvoltApi(context.client);
    this.me = context.me;
    this.agentId = context.config.agentId;
    this.limit = context.config.concurrency;
    this.windows = new ThreadWindows((id, count) => this.api.lastMessages(id, count), this.limit);
    // Each id is its own tail read (ThreadWindows merges it with lastMessage/messages reads of that
    // thread); one failing id must not fail the others. At most `limit` threads are summarized at
    // once, so their tails (and any doubling of them) stay within that bound too.
    this.summaries = new DataLoader((ids) => mapWithConcurrency(ids, this.limit, (id) => threadSummary(this.windows, id).catch(asError)));
    this.details = new DataLoader((ids) => mapWithConcurrency(ids, this.limit, (id) => this.fetchDetail(id)));
    this.scenarios = new ChatvoltScenarios(this.ref, this.api, this.details, this.limit);
  }

  /**
   * One list call (memoized per request), paged here. Rows defer `unreadCount` and
   * `lastMessagePreview` (the list lacks them): `hydrate` reads them for the rows actually needed.
   */
  async listConversations(request: ListRequest): Promise<ListPage> {
    const plan = planList(request.filter, { me: this.me, agentId: this.agentId, pushAssignee: true });
    if (plan.empty) return { items: [], next: null, applied: plan.applied };
    const list = await this.fetchList(plan.query);
    const start = request.position === null ? 0 : indexAfter(list.keys, decodePosition(request.position));
    const items = this.rowsOf(list).slice(start, start + Math.min(Math.max(request.limitHint, 1), MAX_PAGE));
    const end = start + items.length;
    const next = items.length > 0 && end < list.items.length ? encodePosition(list.keys[end - 1]!) : null;
    return { items, next, applied: plan.applied };
  }

  /**
   * No counts endpoint: one list call without the assignee, the rest of the filter applied here
   * with the gateway's own rules (`matchesFilter`). A search that matches none of a conversation's
   * list fields needs its last message: that row is hydrated (a tail call), at most the source's
   * `concurrency` rows at a time.
   */
  async countConversations(filter: ConversationFilter): Promise<BucketCounts> {
    const counts = emptyBuckets();
    const plan = planList(filter, { me: this.me, agentId: this.agentId, pushAssignee: false });
    if (plan.empty) return counts;
    const rest = ALL_FILTER_KEYS.filter((key) => key !== 'assignee' && key !== 'search' && !plan.applied.has(key));
    const search = plan.applied.has('search') ? [] : (['search'] as const);
    const list = await this.fetchList(plan.query);
    const matching: ConversationModel[] = [];
    const unsure: ConversationModel[] = [];
    for (const row of this.rowsOf(list)) {
      if (!matchesFilter(row, filter, this.me, rest)) continue;
      // Search matches when any field contains it: the list fields alone (the deferred preview is
      // a null placeholder) suffice for a match; only a row they do not match needs its preview.
      if (matchesFilter(row, filter, this.me, search)) matching.push(row);
      else unsure.push(row);
    }
    const completed = await mapWithConcurrency(unsure, this.limit, (row) => this.hydrate(row));
    matching.push(...completed.filter((complete) => matchesFilter(complete, filter, this.me, search)));
    for (const conversation of matching) countInBuckets(counts, conversation.assignee?.upstreamId ?? null, this.me);
    return counts;
  }

  /**
   * Completes a list row: unread count and preview from the thread's tail, one call per row (plus
   * doublings), batched and cached per request, and shared with `lastMessage`/`messages` of that
   * thread (same tick or later: ThreadWindows). A row that defers neither is returned as is.
   */
  async hydrate(conversation: ConversationModel): Promise<ConversationModel> {
    const listed = conversation.deferred;
    if (!listed || ![...listed].some((field) => SUMMARY_FIELDS.has(field))) return conversation;
    const summary = await this.summaries.load(conversation.upstreamId);
    // Once per (row, summary): both are kept with their cached answers, so a warm read allocates nothing here.
    let bySummary = COMPLETED.get(conversation);
    if (!bySummary) COMPLETED.set(conversation, (bySummary = new WeakMap()));
    let complete = bySummary.get(summary);
    if (!complete) {
      const deferred = new Set([...listed].filter((field) => !SUMMARY_FIELDS.has(field)));
      const { deferred: _listed, ...known } = conversation;
      complete = frozenUnderTest({ ...known, ...summary, ...(deferred.size > 0 ? { deferred } : {}) });
      bySummary.set(summary, complete);
    }
    return complete;
  }

  /**
   * A team member by membership id. Chatvolt lists no members: its directory is the assignees of
   * the organization's conversations (the whole list, one call cached across requests, the same
   * answer the inbox reads) and of those this request has read.
   */
  async agent(upstreamId: string): Promise<AgentModel | null> {
    const known = (members: Iterable<AgentModel>) => [...members].find((agent) => agent.upstreamId === upstreamId) ?? null;
    const seen = known(this.members.values());
    if (seen) return seen;
    const list = await this.fetchList(this.agentId ? { agentId: this.agentId } : {});
    return known(list.members.values());
  }

  /**
   * A complete model (nothing deferred): the conversation screen shows the unread count and reads
   * the same tail for its messages and last message anyway, so reading it here, in parallel with
   * the detail, costs no extra call.
   */
  async conversation(upstreamId: string): Promise<ConversationModel | null> {
    // Detail and tail at once; for an unknown id the tail's 404 is ignored.
    const [detail, summary] = await Promise.allSettled([this.details.load(upstreamId), this.summaries.load(upstreamId)]);
    if (detail.status === 'rejected') throw detail.reason;
    if (detail.value === null) return null;
    if (summary.status === 'rejected') throw summary.reason;
    return toConversation(this.ref, detail.value, this.me, summary.value);
  }

  /** Older message pages, and the scenario list and steps (ChatvoltScenarios). */
  readAhead(upstreamId: string, selection: ConversationSelection): void {
    const placement = selection.has('scenario') || selection.has('scenarioStep');
    startAhead(...selection.messagePages.map((page) => () => readThread(this.windows, upstreamId, page)), ...(placement ? this.scenarios.readsAhead(upstreamId) : []));
  }

  async messages(conversation: ConversationModel, page: MessagePageArgs): Promise<MessagePage> {
    const slice = await readThread(this.windows, conversation.upstreamId, page);
    const directory = await this.senders(
      conversation,
      slice.items.map((item) => item.message),
    );
    return {
      items: slice.items.map((item) => toMessage(this.ref, conversation, item.message, item.cursor, directory)),
      hasOlder: slice.hasOlder,
      hasNewer: slice.hasNewer,
    };
  }

  async lastMessage(conversation: ConversationModel): Promise<MessageModel | null> {
    const window = await this.windows.tail(conversation.upstreamId, SUMMARY_WINDOW);
    const last = window.messages.at(-1);
    if (!last) return null;
    const directory = await this.senders(conversation, [last]);
    return toMessage(this.ref, conversation, last, encodeMessageCursor({ fromEnd: 1, id: last.id }), directory);
  }

  scenario(conversation: ConversationModel): Promise<ScenarioPlacementModel | null> {
    return this.scenarios.placement(conversation.upstreamId);
  }

  scenarioSteps(scenarioUpstreamId: string): Promise<ScenarioStepModel[]> {
    return this.scenarios.stepsOf(scenarioUpstreamId);
  }

  /**
   * A message Chatvolt has just created, mapped as reads map it: the newest of its thread (cursor
   * position 1). Naming its sender must not fail the send that already happened (a retry would
   * send it twice), so a failed lookup leaves the sender known by user id only. (SEND_MESSAGE's answer.)
   */
  async sentMessage(conversation: ConversationModel, message: ChatvoltMessage): Promise<MessageModel> {
    const directory = await this.senders(conversation, [message]).catch((): SenderDirectory => ({ contact: conversation.contact, members: this.members }));
    return toMessage(this.ref, conversation, message, encodeMessageCursor({ fromEnd: 1, id: message.id }), directory);
  }

  /**
   * Who sent what: the conversation's contact, and team members by user id. Members come from the
   * assignees of conversations already read in this request; only when a message names an unknown
   * member and this conversation was not read yet is its detail fetched (once).
   */
  private async senders(conversation: ConversationModel, messages: ChatvoltMessage[]): Promise<SenderDirectory> {
    const unknown = messages.some((m) => m.userId !== null && !this.members.has(m.userId));
    if (unknown && !this.read.has(conversation.upstreamId)) await this.details.load(conversation.upstreamId);
    return { contact: conversation.contact, members: this.members };
  }

  private remember(conversation: ChatvoltConversation): void {
    this.read.add(conversation.id);
    for (const assignee of conversation.assignees) {
      const userId = assignee.user?.id;
      if (userId) this.members.set(userId, toAgent(this.ref, assignee));
    }
  }

  /** The whole (filtered) array in the connector's order (list-view.ts); its conversations and members are known from then on. */
  private async fetchList(query: ConversationListQuery): Promise<ListView> {
    const list = listViewOf(this.ref, await this.api.listConversations(query));
    for (const conversation of list.items) this.read.add(conversation.id);
    for (const [userId, agent] of list.members) this.members.set(userId, agent);
    return list;
  }

  private rowsOf(list: ListView): ConversationModel[] {
    return rowsOf(this.ref, list, this.me);
  }

  private async fetchDetail(id: string): Promise<ChatvoltConversation | null> {
    const detail = await this.api.conversation(id);
    if (detail) this.remember(detail);
    return detail;
  }
}
