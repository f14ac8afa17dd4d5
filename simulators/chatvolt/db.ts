import type { StaffKey } from '../common/people.js';
import { SeededRandom } from '../common/random.js';
import type { SimOptions } from '../common/simulator.js';
import type { ChangeListener, ChatvoltChange } from './changes.js';
import { cuid } from './ids.js';
import type { AiAgentRecord, ContactRecord, ConversationRecord, MembershipRecord, MessageDraft, MessageRecord, OutsiderRecord, ScenarioRecord, StepRecord } from './records.js';
import { generateChatvoltSeed } from './seed.js';

export interface ChatvoltDbOptions extends SimOptions {
  /** The API key the organization's requests must carry (`Authorization: Bearer <key>`). */
  apiKey: string;
  /** The simulated wall clock for writes; by default `now` plus the real time elapsed since creation. */
  clock?: () => Date;
}

/**
 * The live state of one simulated Chatvolt organization. Records sit in maps and arrays that
 * write endpoints (write-routes.ts) change in place; reads go through the helpers.
 */
export class ChatvoltDb {
  readonly apiKey: string;
  readonly now: Date;
  readonly organizationId: string;
  readonly aiAgents: AiAgentRecord[];
  /** Staff key → membership (the membership id is a member's identity in this source). */
  readonly staff: Record<StaffKey, MembershipRecord>;
  readonly memberships = new Map<string, MembershipRecord>();
  readonly contacts = new Map<string, ContactRecord>();
  readonly conversations = new Map<string, ConversationRecord>();
  /** Conversation id → its messages, oldest first. */
  readonly messages = new Map<string, MessageRecord[]>();
  readonly scenarios = new Map<string, ScenarioRecord>();
  readonly steps = new Map<string, StepRecord>();
  readonly outsiders: OutsiderRecord[];
  /** Ids of records the write endpoints create: cuid-shaped, deterministic per seed. */
  private readonly ids: SeededRandom;
  private readonly clock: () => Date;
  /** The last time handed out by `tick`, so writes are strictly ordered. */
  private lastTick = 0;
  /** Who hears about changes the platform reports by webhook (live.ts). */
  private readonly listeners = new Set<ChangeListener>();

  constructor(options: ChatvoltDbOptions) {
    this.apiKey = options.apiKey;
    this.now = options.now;
    this.ids = new SeededRandom(`chatvolt-writes:${String(options.seed)}`);
    const startedAt = Date.now();
    this.clock = options.clock ?? (() => new Date(options.now.getTime() + (Date.now() - startedAt)));
    const seed = generateChatvoltSeed(options);
    this.outsiders = seed.outsiders;
    this.organizationId = seed.organizationId;
    this.aiAgents = seed.aiAgents;
    this.staff = seed.memberships;
    for (const membership of Object.values(seed.memberships)) this.memberships.set(membership.id, membership);
    for (const contact of seed.contacts) this.contacts.set(contact.id, contact);
    for (const conversation of seed.conversations) this.conversations.set(conversation.id, conversation);
    for (const [id, thread] of seed.messages) this.messages.set(id, thread);
    for (const scenario of seed.scenarios) this.scenarios.set(scenario.id, scenario);
    for (const step of seed.steps) this.steps.set(step.id, step);
  }

  /**
   * The API key's owner: Chaindesk keys belong to a user, and whatever the key does is done as
   * that user (the organization's OWNER here). Messages sent through the API carry its user id.
   */
  get keyOwner(): MembershipRecord {
    return [...this.memberships.values()].find((m) => m.role === 'OWNER')!;
  }

  /** The simulated time now, as ms (for checks; writes take `tick`). */
  time(): number {
    return this.clock().getTime();
  }

  /** The current simulated time as ms, strictly after every time handed out before. */
  tick(): number {
    this.lastTick = Math.max(this.clock().getTime(), this.lastTick + 1);
    return this.lastTick;
  }

  newId(): string {
    return cuid(this.ids);
  }

  /** Prisma's `@updatedAt`: any update of the conversation row moves `updatedAt`. */
  touch(conversation: ConversationRecord, at: number = this.tick()): void {
    conversation.updatedAt = new Date(Math.max(at, Date.parse(conversation.updatedAt))).toISOString();
  }

  /**
   * Appends a message at the end of the thread (its time after the last one) and moves the
   * conversation's `updatedAt` with it. A team member's reply marks every earlier visitor message
   * read: whoever replies has read the thread.
   */
  appendMessage(conversation: ConversationRecord, draft: MessageDraft): MessageRecord {
    const thread = this.messages.get(conversation.id) ?? [];
    const lastAt = thread.length > 0 ? Date.parse(thread[thread.length - 1]!.createdAt) : 0;
    const at = new Date(Math.max(this.tick(), lastAt + 1)).toISOString();
    const message: MessageRecord = { ...draft, id: this.newId(), conversationId: conversation.id, createdAt: at, updatedAt: at };
    if (message.from === 'human' && message.userId !== null) for (const earlier of thread) earlier.read = true;
    thread.push(message);
    this.messages.set(conversation.id, thread);
    this.touch(conversation, Date.parse(at));
    this.emit({ kind: 'message', conversation, message });
    return message;
  }

  /** Listens to the changes Chatvolt reports by webhook; returns the way to stop listening. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells the listeners, synchronously (they must not block: deliveries are asynchronous). */
  emit(change: ChatvoltChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /** The newest visitor/contact message (`from: human` without `userId`), if any. */
  lastInbound(conversationId: string): MessageRecord | undefined {
    return this.messagesOf(conversationId).findLast((m) => m.from === 'human' && m.userId === null);
  }

  conversation(id: string): ConversationRecord | undefined {
    return this.conversations.get(id);
  }

  messagesOf(conversationId: string): MessageRecord[] {
    return this.messages.get(conversationId) ?? [];
  }

  contactsOf(conversation: ConversationRecord): ContactRecord[] {
    return conversation.contactIds.flatMap((id) => this.contacts.get(id) ?? []);
  }

  assigneesOf(conversation: ConversationRecord): MembershipRecord[] {
    return conversation.assigneeIds.flatMap((id) => this.memberships.get(id) ?? []);
  }

  /** Visitor/contact messages nobody in the team has read yet (`read: false`). */
  unreadCount(conversationId: string): number {
    return this.messagesOf(conversationId).filter((m) => !m.read && m.from === 'human' && m.userId === null).length;
  }

  /** A scenario's steps in order. */
  stepsOf(scenarioId: string): StepRecord[] {
    return [...this.steps.values()].filter((s) => s.scenarioId === scenarioId).sort((a, b) => a.index - b.index);
  }

  /** Everything, for `GET /__admin/data`. */
  dump(): unknown {
    return {
      organizationId: this.organizationId,
      aiAgents: this.aiAgents,
      memberships: [...this.memberships.values()],
      outsiders: this.outsiders,
      contacts: [...this.contacts.values()],
      conversations: [...this.conversations.values()].map((c) => ({ ...c, messages: this.messagesOf(c.id) })),
      scenarios: [...this.scenarios.values()].map((s) => ({ ...s, steps: this.stepsOf(s.id) })),
    };
  }
}
