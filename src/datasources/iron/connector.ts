import { countInBuckets, emptyBuckets, startAhead, walkPages } from '../shared/index.js';
import DataLoader from 'dataloader';
import { UpstreamError, gqlError } from '../../errors.js';
import { matchesFilter } from '../../inbox/filter.js';
import type {
  AgentModel,
  BucketCounts,
  ConversationFilter,
  ConversationModel,
  MessageModel,
  MessagePage,
  MessagePageArgs,
  SavedViewModel,
  SlaPolicyModel,
  SourceRef,
  SuggestionModel,
  ViewCountsModel,
} from '../../model/index.js';
import type { ConversationSelection, FilterKey, InboxConnector, ListPage, ListRequest } from '../connector.js';
import type { ConnectorContext } from '../platform.js';
import { IronApi, LIST_MAX_LIMIT } from './api.js';
import type { IronSourceConfig } from './config.js';
import { isSuggestion, toAgent, toMessage, toSuggestion, type MemberDirectory } from './mapping.js';
import { directoryOf, mapped, NO_MEMBERS } from './models.js';
import { planPushdown } from './pushdown.js';
import { isIronId, type IronConversationJson, type IronConversationPageJson } from './schemas.js';
import { IronThreadPages } from './thread-pages.js';
import { toSavedView, toSlaPolicy, toViewCounts } from './views.js';

const EVERY_KEY: readonly FilterKey[] = ['status', 'assignee', 'search', 'archived', 'starred', 'overdue', 'labels'];
const ALL_BUT_ASSIGNEE = EVERY_KEY.filter((key) => key !== 'assignee');

/**
 * The Iron CRM unified inbox (seed 004) for one request. Iron has no leads, funnel cards, tasks
 * or scenarios in its inbox API, so the connector has no such members (the graph answers null or
 * [] without a call); its one optional read is `suggestions`. Call counts per screen are in
 * MAPPING.md.
 */
export class IronConnector implements InboxConnector {
  readonly ref: SourceRef;
  /** Iron's endpoints over this request's REST client (the actions write through it too). */
  readonly api: IronApi;
  /** One detail read (`api.conversation`) per id and request, whichever fields ask for it. */
  private readonly conversationLoader: DataLoader<string, IronConversationJson | null>;
  /** The threads' pages (messages, last message and suggestions share them). */
  private readonly threads: IronThreadPages;
  /** One members call per request: once an assigned row's assignee is needed, or ahead of a conversation whose assignee is asked. */
  private members: Promise<MemberDirectory> | null = null;
  /** The member directory once it has arrived (rows read after it get their names at once). */
  private membersKnown: MemberDirectory | null = null;
  /** Rows whose assignee name waited for the directory, completed once each (`hydrate`). */
  private readonly named = new WeakMap<ConversationModel, Promise<ConversationModel>>();

  constructor(private readonly ctx: ConnectorContext<IronSourceConfig>) {
    this.ref = ctx.ref;
    this.api = new IronApi(ctx.client);
    // Iron has no batch read: the loader de-duplicates, it cannot merge calls.
    this.conversationLoader = new DataLoader((ids) => Promise.all(ids.map((id) => this.fetchConversation(id))), { batch: false });
    this.threads = new IronThreadPages(this.api, ctx.config.concurrency);
  }

  async listConversations(request: ListRequest): Promise<ListPage> {
    const plan = planPushdown(request.filter);
    if (plan.matchesNothing) return { items: [], next: null, applied: new Set(EVERY_KEY) };
    const position = request.position;
    if (position !== null && typeof position !== 'string') throw gqlError('BAD_USER_INPUT', 'not a position of the Iron inbox');
    const limit = Math.min(LIST_MAX_LIMIT, Math.max(1, Math.floor(request.limitHint)));
    const page = await this.api.listConversations(plan.query, limit, position);
    return { items: this.toConversations(page.items), next: page.next_cursor, applied: plan.applied };
  }

  /**
   * Iron's counts endpoints do not answer this question (views/counts counts views, not the
   * mine/unassigned/assigned buckets of our user; overdue/count only overdue threads), so the
   * connector walks the pushed-down list at the largest page size and counts.
   */
  async countConversations(filter: ConversationFilter): Promise<BucketCounts> {
    const counts = emptyBuckets();
    const plan = planPushdown(filter);
    if (plan.matchesNothing) return counts;
    // Paged by Iron's `next_cursor` (present: there is more), never by a page's size; a cursor
    // that names the page just read would loop, so it ends the walk.
    let asked: string | null = null;
    const read = (cursor: string | null): Promise<IronConversationPageJson> => {
      asked = cursor;
      return this.api.listConversations(plan.query, LIST_MAX_LIMIT, cursor);
    };
    const pages = walkPages(read, (page) => (page.next_cursor === asked ? null : page.next_cursor));
    for await (const page of pages) {
      for (const raw of page.items) {
        // No names needed to count: an empty directory saves the members call.
        const conversation = mapped(this.ref, raw, NO_MEMBERS, this.ctx.now);
        if (matchesFilter(conversation, filter, this.ctx.me, ALL_BUT_ASSIGNEE)) countInBuckets(counts, raw.assigned_to, this.ctx.me);
      }
    }
    return counts;
  }

  /** Only the assignee's name may be deferred (`toConversations`): it comes from the member directory. */
  async hydrate(conversation: ConversationModel): Promise<ConversationModel> {
    const assignee = conversation.assignee;
    if (!conversation.deferred?.has('assignee') || !assignee) return conversation;
    let complete = this.named.get(conversation);
    if (!complete) {
      const { deferred: _deferred, ...known } = conversation;
      complete = this.memberDirectory().then((members) => ({ ...known, assignee: toAgent(this.ref, assignee.upstreamId, members) }));
      this.named.set(conversation, complete);
    }
    return complete;
  }

  /**
   * An org member by user id, from the members endpoint the assignees' names come from (cached
   * across requests by the REST client). Unlike assignee naming, a refusal here is the answer's
   * error: "no such member" must not be claimed when Iron did not say so.
   */
  async agent(upstreamId: string): Promise<AgentModel | null> {
    if (!isIronId(upstreamId)) return null;
    const id = upstreamId.toLowerCase();
    const member = (await this.api.members()).items.find((m) => m.user_id.toLowerCase() === id);
    return member ? toAgent(this.ref, member.user_id, new Map([[member.user_id, { name: member.name, email: member.email }]])) : null;
  }

  async conversation(upstreamId: string): Promise<ConversationModel | null> {
    // Iron ids are uuids; anything else cannot exist there (Iron would answer 422).
    if (!isIronId(upstreamId)) return null;
    const raw = await this.conversationLoader.load(upstreamId.toLowerCase());
    if (raw === null) return null;
    // One conversation is read complete: its screen shows the assignee, and actions return it as is.
    const members = raw.assigned_to !== null ? await this.memberDirectory() : NO_MEMBERS;
    return mapped(this.ref, raw, members, this.ctx.now);
  }

  /** The thread pages, member directory and SLA configuration its selected fields read. */
  readAhead(upstreamId: string, selection: ConversationSelection): void {
    if (!isIronId(upstreamId)) return;
    const id = upstreamId.toLowerCase();
    const threadHead = selection.has('lastMessage') || selection.has('suggestions');
    startAhead(
      ...selection.messagePages.map((args) => () => this.threads.window(id, args)),
      ...(threadHead ? [() => this.threads.page(id, null, false)] : []),
      ...(selection.has('assignee') || selection.has('assignedTo') ? [() => this.memberDirectory()] : []),
      ...(selection.has('sla', 'targetMinutes') ? [() => this.slaPolicy()] : []),
    );
  }

  async messages(conversation: ConversationModel, args: MessagePageArgs): Promise<MessagePage> {
    const window = await this.threads.window(conversation.upstreamId, args);
    return {
      items: window.items.map((activity) => toMessage(this.ref, activity, conversation)),
      hasOlder: window.hasOlder,
      hasNewer: window.hasNewer,
    };
  }

  async lastMessage(conversation: ConversationModel): Promise<MessageModel | null> {
    let last: MessageModel | null = null;
    await this.threads.walk(conversation.upstreamId, (activity) => {
      if (isSuggestion(activity)) return false;
      last = toMessage(this.ref, activity, conversation);
      return true;
    });
    return last;
  }

  /**
   * The AI setter's drafts still waiting for a human, oldest first. They are `suggestion`
   * activities anywhere in the thread, so the whole thread is read (the same pages as messages).
   */
  async suggestions(conversation: ConversationModel): Promise<SuggestionModel[]> {
    const pending: SuggestionModel[] = [];
    await this.threads.walk(conversation.upstreamId, (activity) => {
      if (isSuggestion(activity) && (activity.status ?? 'pending') === 'pending') pending.push(toSuggestion(this.ref, activity, conversation.upstreamId));
      return false;
    });
    return pending.reverse();
  }

  // Inbox views (views.ts maps them; nothing here is read unless the graph asks).

  async savedViews(): Promise<SavedViewModel[]> {
    return (await this.api.views()).items.map((json) => toSavedView(this.ref, json));
  }

  async savedViewCounts(): Promise<Map<string, ViewCountsModel>> {
    return toViewCounts(await this.api.viewCounts());
  }

  async slaPolicy(): Promise<SlaPolicyModel | null> {
    const policy = toSlaPolicy(await this.api.slaConfig());
    return policy.enabled ? policy : null;
  }

  /** Iron's `overdue/count` counts threads not archived (Iron's OPEN) and overdue: it answers only filters that keep all of those. */
  async overdueCount(filter: ConversationFilter): Promise<number | null> {
    const narrowed = filter.search !== null || filter.labels !== null || filter.starred !== null || filter.unread !== null || filter.activeWithinDays !== null;
    const keepsOpen = filter.archived !== true && (filter.status === null || filter.status.includes('OPEN')) && filter.overdue !== false;
    return narrowed || !keepsOpen ? null : this.api.overdueCount();
  }

  private async fetchConversation(id: string): Promise<IronConversationJson | null> {
    try {
      return await this.api.conversation(id);
    } catch (error) {
      if (error instanceof UpstreamError && error.isNotFound) return null;
      throw error;
    }
  }

  /**
   * List rows at once, without waiting for names: until the member directory has arrived, an
   * assigned row defers `assignee` (its id is known; `hydrate` completes the name). The directory
   * is read when a name is first needed, so it starts beside the rows' own reads (which need only
   * the rows) instead of before them.
   */
  private toConversations(items: IronConversationJson[]): ConversationModel[] {
    const clock = this.ctx.now;
    const known = this.membersKnown;
    if (known || !items.some((raw) => raw.assigned_to !== null)) return items.map((raw) => mapped(this.ref, raw, known ?? NO_MEMBERS, clock));
    return items.map((raw) => mapped(this.ref, raw, NO_MEMBERS, clock, raw.assigned_to === null ? '' : 'assignee-deferred'));
  }

  /**
   * Member names for assignees, from the ASSUMED members endpoint (`api.members`): one call per request
   * (cached across requests by the REST client). If Iron refuses it, assignees keep their uuid
   * and a null name rather than failing the inbox.
   */
  private memberDirectory(): Promise<MemberDirectory> {
    this.members ??= this.api.members().then(
      (json) => (this.membersKnown = directoryOf(json)),
      (error: unknown) => {
        if (error instanceof UpstreamError) return new Map();
        throw error;
      },
    );
    return this.members;
  }
}
