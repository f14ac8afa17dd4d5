import type { StaffKey } from '../common/people.js';
import type { SimOptions } from '../common/simulator.js';
import type {
  AiAgentRecord,
  ContactRecord,
  ConversationRecord,
  MembershipRecord,
  MessageRecord,
  ScenarioRecord,
  StepRecord,
} from './records.js';
import { generateChatvoltSeed } from './seed.js';

export interface ChatvoltDbOptions extends SimOptions {
  /** The API key the organization's requests must carry (`Authorization: Bearer <key>`). */
  apiKey: string;
}

/**
 * The live state of one simulated Chatvolt organization. Records sit in maps and arrays that
 * write endpoints and webhooks (later work) can change in place; reads go through the helpers.
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

  constructor(options: ChatvoltDbOptions) {
    this.apiKey = options.apiKey;
    this.now = options.now;
    const seed = generateChatvoltSeed(options);
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
      contacts: [...this.contacts.values()],
      conversations: [...this.conversations.values()].map((c) => ({ ...c, messages: this.messagesOf(c.id) })),
      scenarios: [...this.scenarios.values()].map((s) => ({ ...s, steps: this.stepsOf(s.id) })),
    };
  }
}
