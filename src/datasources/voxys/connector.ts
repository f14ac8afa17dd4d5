import DataLoader from 'dataloader';
import { UpstreamError } from '../../errors.js';
import type {
  AgentModel,
  BucketCounts,
  ContactModel,
  ConversationFilter,
  ConversationModel,
  FunnelCardModel,
  LeadModel,
  MessageModel,
  MessagePage,
  MessagePageArgs,
  SourceRef,
  TaskModel,
} from '../../model/index.js';
import { mapWithConcurrency, startAhead } from '../shared/index.js';
import { DerivedFromAnswer } from '../shared/derived.js';
import type { ConversationSelection, InboxConnector, ListPage, ListRequest } from '../connector.js';
import type { ConnectorContext } from '../platform.js';
import { VoxysApi } from './api.js';
import type { VoxysSourceConfig } from './config.js';
import { fetchConversationPage, nextPosition, readPosition, statusFallbackOf } from './conversation-pages.js';
import { countConversations } from './counting.js';
import { readLeadIndex } from './lead-index.js';
import { toFunnelCard, toLead, toTask } from './crm-mapping.js';
import { lastMessageJson, toAgent, toContact, toConversation, toMessage, type StatusFallback } from './mapping.js';
import { readMessagePage } from './message-paging.js';
import { ALL_KEYS, planQuery } from './query-plan.js';
import type { ConversationJson } from './schemas.js';

/** What the CRM sidebar (`GET /conversations/{id}/crm`) gives one conversation. */
interface CrmSidebar {
  lead: LeadModel | null;
  funnelCard: FunnelCardModel | null;
  tasks: TaskModel[];
}

/** null when the platform says 404, so a missing record reads as "none". */
async function orNullIfMissing<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof UpstreamError && error.isNotFound) return null;
    throw error;
  }
}

/** Chatwoot display ids are positive integers: anything else cannot exist (and costs no call). */
function isDisplayId(id: string): boolean {
  return /^\d+$/.test(id);
}

/**
 * Voxys Connect (Chatwoot + CRM add-on) for one request of one tenant's user. The list endpoints
 * carry everything the inbox row shows (contact, assignee, last message, unread count, status, SLA
 * fields), so the only per-page extra is the lead (see readLeadIndex). MAPPING.md has the call counts.
 * Its CRM reads are the lead, funnel card and tasks of the sidebar; Voxys has no scenarios and no AI
 * drafts, so `scenario`, `scenarioSteps` and `suggestions` are absent (the graph answers them without
 * a call). The write side is `voxysActions` (actions.ts), over this connector's `api`.
 */
/** A conversation row's model and last message, per cached answer row and status fallback. */
const MAPPED = new DerivedFromAnswer<{ model: ConversationModel; last: MessageModel | null }>();

export class VoxysConnector implements InboxConnector {
  readonly ref: SourceRef;
  /** Every Voxys endpoint, for these reads and for the actions (actions.ts). */
  readonly api: VoxysApi;
  /** The last message of every conversation this request has seen, from list or detail answers. */
  private readonly lastMessages = new Map<string, MessageModel | null>();
  private readonly details: DataLoader<string, ConversationJson | null>;
  private readonly sidebars: DataLoader<string, CrmSidebar | null>;
  private readonly leads: DataLoader<string, LeadModel | null>;

  constructor(private readonly ctx: ConnectorContext<VoxysSourceConfig>) {
    this.ref = ctx.ref;
    this.api = new VoxysApi(ctx.client);
    // No batch endpoint for either: the loaders de-duplicate within the request and run the calls
    // side by side, at most the source's `concurrency` at a time.
    const limit = ctx.config.concurrency;
    this.details = new DataLoader((ids) => mapWithConcurrency(ids, limit, (id) => orNullIfMissing(this.api.conversation(id))));
    this.sidebars = new DataLoader((ids) => mapWithConcurrency(ids, limit, (id) => this.loadSidebar(id)));
    this.leads = new DataLoader((ids) => this.loadLeads(ids));
  }

  async listConversations(request: ListRequest): Promise<ListPage> {
    const plan = planQuery(request.filter, this.ctx.me);
    if (plan.upstream.kind === 'none') return { items: [], next: null, applied: new Set(ALL_KEYS) };
    const position = readPosition(request.position);
    const result = await fetchConversationPage(this.api, plan.upstream, position.p);
    const fallback = statusFallbackOf(plan.upstream);
    const next = nextPosition(position, result);
    return { items: result.rows.map((row) => this.remember(row, fallback)), next: next ? { p: next.p, r: next.r } : null, applied: plan.applied };
  }

  countConversations(filter: ConversationFilter): Promise<BucketCounts> {
    return countConversations(this.api, { ref: this.ref, me: this.ctx.me, now: this.ctx.now(), concurrency: this.ctx.config.concurrency }, filter);
  }

  /** List rows are complete here: nothing is deferred. */
  async hydrate(conversation: ConversationModel): Promise<ConversationModel> {
    return conversation;
  }

  async conversation(upstreamId: string): Promise<ConversationModel | null> {
    if (!isDisplayId(upstreamId)) return null;
    const json = await this.details.load(upstreamId);
    return json ? this.remember(json) : null;
  }

  /** A member of the account, from its agent list (`GET /agents`, cached across requests and shared with assignments). */
  async agent(upstreamId: string): Promise<AgentModel | null> {
    if (!isDisplayId(upstreamId)) return null;
    const found = (await this.api.agents()).find((agent) => String(agent.id) === upstreamId);
    return found ? toAgent(this.ref, found) : null;
  }

  /** A contact of the account (`GET /contacts/{id}`); null when Voxys says 404. */
  async contact(upstreamId: string): Promise<ContactModel | null> {
    if (!isDisplayId(upstreamId)) return null;
    const json = await orNullIfMissing(this.api.contact(upstreamId));
    return json ? toContact(this.ref, json) : null;
  }

  /** The message pages, lead and CRM sidebar its selected fields read. */
  readAhead(upstreamId: string, selection: ConversationSelection): void {
    if (!isDisplayId(upstreamId)) return;
    startAhead(
      ...selection.messagePages.map((page) => () => this.messagePage(upstreamId, page)),
      ...(selection.has('lead') ? [() => this.leads.load(upstreamId)] : []),
      ...(selection.has('funnelCard') || selection.has('tasks') ? [() => this.sidebars.load(upstreamId)] : []),
    );
  }

  async messages(conversation: ConversationModel, page: MessagePageArgs): Promise<MessagePage> {
    const raw = await this.messagePage(conversation.upstreamId, page);
    return {
      items: raw.items.map((m) => toMessage(this.ref, m, conversation)),
      hasOlder: raw.hasOlder,
      hasNewer: raw.hasNewer,
    };
  }

  async lastMessage(conversation: ConversationModel): Promise<MessageModel | null> {
    const known = this.lastMessages.get(conversation.upstreamId);
    if (known !== undefined) return known;
    await this.conversation(conversation.upstreamId);
    return this.lastMessages.get(conversation.upstreamId) ?? null;
  }

  lead(conversation: ConversationModel): Promise<LeadModel | null> {
    return this.leads.load(conversation.upstreamId);
  }

  async funnelCard(conversation: ConversationModel): Promise<FunnelCardModel | null> {
    return (await this.sidebars.load(conversation.upstreamId))?.funnelCard ?? null;
  }

  async tasks(conversation: ConversationModel): Promise<TaskModel[]> {
    return (await this.sidebars.load(conversation.upstreamId))?.tasks ?? [];
  }

  private messagePage(id: string, page: MessagePageArgs) {
    return readMessagePage((cursor) => this.api.messages(id, cursor), page);
  }

  /** Maps a conversation answer and keeps what other fields of this request will ask for. */
  private remember(json: ConversationJson, statusFallback?: StatusFallback): ConversationModel {
    // Mapped once per cached answer row (shared/derived.ts); the SLA's `overdue` reads the clock when asked.
    const { model, last } = MAPPED.get(json, statusFallback ?? '', (row) => {
      const conversation = toConversation(this.ref, row, this.ctx.now, statusFallback);
      const lastJson = lastMessageJson(row);
      return { model: conversation, last: lastJson ? toMessage(this.ref, lastJson, conversation) : null };
    });
    this.lastMessages.set(model.upstreamId, last);
    this.details.prime(model.upstreamId, json);
    return model;
  }

  private async loadSidebar(id: string): Promise<CrmSidebar | null> {
    if (!isDisplayId(id)) return null;
    const json = await orNullIfMissing(this.api.crmSidebar(id));
    if (!json) return null;
    return {
      lead: json.linked_lead ? toLead(this.ref, json.linked_lead, id) : null,
      funnelCard: json.linked_funnel_card ? toFunnelCard(this.ref, json.linked_funnel_card, id) : null,
      tasks: json.tasks.map((task) => toTask(this.ref, task, id)),
    };
  }

  /**
   * One conversation (the conversation screen): its CRM sidebar, which funnelCard and tasks share.
   * Several (an inbox page): the `/leads` index when walking it costs no more than one `/crm` each.
   */
  private async loadLeads(ids: readonly string[]): Promise<(LeadModel | null)[]> {
    if (ids.length === 1) return [(await this.sidebars.load(ids[0]!))?.lead ?? null];
    const index = await readLeadIndex(this.api, ids.length - 1, this.ctx.config.concurrency);
    // The sidebars loader bounds these `/crm` calls (all in one batch) to the source's `concurrency`.
    if (!index) return Promise.all(ids.map(async (id) => (await this.sidebars.load(id))?.lead ?? null));
    return ids.map((id) => {
      const lead = index.get(id);
      return lead ? toLead(this.ref, lead, id) : null;
    });
  }
}
