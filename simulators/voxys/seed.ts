import { STAFF, emailFor, fixtures, personName, type StaffKey } from '../common/people.js';
import { SeededRandom } from '../common/random.js';
import type { SimOptions } from '../common/simulator.js';
import {
  CONVERSATION_PRIORITIES,
  CONVERSATION_STATUSES,
  LEAD_STATUSES,
  MESSAGE_TYPE,
  type AgentBotRow,
  type CompanyRow,
  type ContactRow,
  type ConversationPriority,
  type ConversationRow,
  type ConversationStatus,
  type FunnelCardRow,
  type FunnelRow,
  type FunnelStageRow,
  type InboxRow,
  type LeadRow,
  type MessageRow,
  type SenderRef,
  type SlaPolicyRow,
  type TaskRow,
  type TaskStatus,
  type UserRow,
} from './records.js';

/**
 * Generates one Voxys account from a seed: users (the four shared staff members plus the admin
 * user that owns the API token), inboxes of every channel kind, contacts, conversations with
 * their messages, SLA policies, and the CRM add-on (leads, funnels, cards, follow-up tasks).
 * Every time is relative to `now`, so the same seed and `now` give the same account.
 */

/** The user the API access token belongs to: `assignee_type=me` means this user, not a gateway user. */
export const API_OWNER_USER_ID = 1;
export const STAFF_USER_IDS: Record<StaffKey, number> = { alice: 11, bob: 12, carol: 13, dana: 14 };

const HOUR = 3600;
const DAY = 24 * HOUR;

const INBOXES: InboxRow[] = [
  { id: 1, name: 'Website chat', channel_type: 'Channel::WebWidget' },
  { id: 2, name: 'WhatsApp Sales', channel_type: 'Channel::Whatsapp' },
  { id: 3, name: 'Support email', channel_type: 'Channel::Email' },
  { id: 4, name: 'Partner API', channel_type: 'Channel::Api' },
  { id: 5, name: 'SMS', channel_type: 'Channel::Sms' },
  { id: 6, name: 'Facebook page', channel_type: 'Channel::FacebookPage' },
  { id: 7, name: 'Instagram', channel_type: 'Channel::Instagram' },
  { id: 8, name: 'Telegram bot', channel_type: 'Channel::Telegram' },
  { id: 9, name: 'LINE', channel_type: 'Channel::Line' },
  { id: 10, name: 'Twilio SMS', channel_type: 'Channel::TwilioSms' },
  { id: 11, name: 'Voice line', channel_type: 'Channel::Voice' },
];

const SLA_POLICIES: SlaPolicyRow[] = [
  {
    id: 1,
    name: 'Standard',
    description: 'First reply within 1 hour, next reply within 4 hours, resolved within 2 days',
    first_response_time_threshold: HOUR,
    next_response_time_threshold: 4 * HOUR,
    resolution_time_threshold: 2 * DAY,
    only_during_business_hours: false,
  },
  {
    id: 2,
    name: 'VIP',
    description: 'First reply within 15 minutes, next reply within 1 hour, resolved within 8 hours',
    first_response_time_threshold: 15 * 60,
    next_response_time_threshold: HOUR,
    resolution_time_threshold: 8 * HOUR,
    only_during_business_hours: false,
  },
];

const FUNNELS: FunnelRow[] = [
  { id: 3, name: 'Sales pipeline' },
  { id: 4, name: 'Renewals' },
];
const STAGES: FunnelStageRow[] = [
  { id: 7, funnel_id: 3, name: 'New', position: 1 },
  { id: 8, funnel_id: 3, name: 'Qualified', position: 2 },
  { id: 9, funnel_id: 3, name: 'Proposal', position: 3 },
  { id: 10, funnel_id: 3, name: 'Negotiation', position: 4 },
  { id: 12, funnel_id: 4, name: 'Upcoming', position: 1 },
  { id: 13, funnel_id: 4, name: 'In talks', position: 2 },
  { id: 14, funnel_id: 4, name: 'Renewed', position: 3 },
];

const NOTES = [
  'Customer is on the legacy plan, check before quoting.',
  'Escalated to billing, waiting for their answer.',
  'Spoke on the phone, they prefer email follow-ups.',
  'VIP account: reply within the hour.',
];
const BOT_REPLIES = [
  'Hi! I am the Voxys assistant. A teammate will join shortly.',
  'I found this article that may help: https://help.voxys.example/billing',
  'Could you share your order number so I can look it up?',
];
const DEAL_NAMES = ['Annual plan', 'Pilot', 'Expansion', 'Renewal', 'Enterprise deal', 'Starter bundle'];
const LEAD_NOTES = ['Prospect from trade show', 'Asked for a discount', 'Decision maker is the CFO', 'Budget approved for Q3'];
const TASK_TITLES = ['Follow up with prospect', 'Send proposal', 'Schedule demo', 'Call back about invoice', 'Check renewal terms', 'Share onboarding guide'];

export interface VoxysSeed {
  users: UserRow[];
  agentBots: AgentBotRow[];
  inboxes: InboxRow[];
  contacts: ContactRow[];
  slaPolicies: SlaPolicyRow[];
  conversations: ConversationRow[];
  messages: MessageRow[];
  companies: CompanyRow[];
  leads: LeadRow[];
  funnels: FunnelRow[];
  stages: FunnelStageRow[];
  cards: FunnelCardRow[];
  tasks: TaskRow[];
}

/** A conversation before display ids and message ids are handed out (both follow time order). */
interface Draft {
  row: Omit<ConversationRow, 'display_id'>;
  messages: Omit<MessageRow, 'id' | 'conversation_id'>[];
}

export function seedAccount(options: SimOptions): VoxysSeed {
  const rng = new SeededRandom(`voxys:${String(options.seed)}`);
  const now = Math.floor(options.now.getTime() / 1000);
  const users = seedUsers();
  const companies = fixtures.COMPANIES.map((name, i) => ({ id: 10 + i, name, domain: `${name.toLowerCase().replace(/[^a-z]+/g, '')}.com` }));
  const contacts: ContactRow[] = [];

  const drafts: Draft[] = [];
  for (let i = 0; i < options.size; i++) drafts.push(draftConversation(rng, i, now, contacts, users));
  drafts.sort((a, b) => a.row.created_at - b.row.created_at);

  const conversations: ConversationRow[] = drafts.map((d, i) => ({ ...d.row, display_id: i + 1 }));
  const messages = numberMessages(drafts);
  for (const conversation of conversations)
    deriveFromMessages(
      conversation,
      messages.filter((m) => m.conversation_id === conversation.display_id),
      rng,
      now,
    );
  for (const contact of contacts) {
    const own = conversations.filter((c) => c.contact_id === contact.id);
    contact.last_activity_at = Math.max(contact.created_at, ...own.map((c) => c.contact_last_seen_at ?? 0));
  }

  const crm = seedCrm(rng, now, conversations, contacts, companies);
  return {
    users,
    agentBots: [{ id: 1, name: 'Voxys AI', thumbnail: '' }],
    inboxes: INBOXES.map((inbox) => ({ ...inbox })),
    contacts,
    slaPolicies: SLA_POLICIES.map((policy) => ({ ...policy })),
    conversations,
    messages,
    companies,
    funnels: FUNNELS.map((f) => ({ ...f })),
    stages: STAGES.map((s) => ({ ...s })),
    ...crm,
  };
}

function seedUsers(): UserRow[] {
  const owner: UserRow = {
    id: API_OWNER_USER_ID,
    name: 'Voxys Integration',
    email: 'integration@voxys.example',
    role: 'administrator',
    availability_status: 'offline',
    thumbnail: '',
    staffKey: null,
  };
  const staff = STAFF.map<UserRow>((member, i) => ({
    id: STAFF_USER_IDS[member.key],
    name: member.name,
    email: member.email,
    role: i === 0 ? 'administrator' : 'agent',
    availability_status: (['online', 'busy', 'online', 'offline'] as const)[i] ?? 'online',
    thumbnail: `https://avatars.voxys.example/${member.key}.png`,
    staffKey: member.key,
  }));
  return [owner, ...staff];
}

const PRIORITY_CASES: (ConversationPriority | null)[] = [null, ...CONVERSATION_PRIORITIES];
/** Each staff member, nobody, and (rarely) the API token's owner, whose "mine" is not any gateway user's. */
const ASSIGNEE_CASES: (number | null)[] = [...Object.values(STAFF_USER_IDS), null, API_OWNER_USER_ID];
const ASSIGNEE_WEIGHTS: [number | null, number][] = [...Object.values(STAFF_USER_IDS).map((id): [number, number] => [id, 18]), [null, 24], [API_OWNER_USER_ID, 4]];

/** The first conversations take every status, priority, assignee and inbox in turn, so each case exists whatever the size. */
function draftConversation(rng: SeededRandom, i: number, now: number, contacts: ContactRow[], users: UserRow[]): Draft {
  const status: ConversationStatus =
    CONVERSATION_STATUSES[i] ??
    weighted(rng, [
      ['open', 45],
      ['pending', 15],
      ['snoozed', 10],
      ['resolved', 30],
    ]);
  const priority = i < PRIORITY_CASES.length ? (PRIORITY_CASES[i] ?? null) : rng.bool(0.4) ? null : rng.pick(CONVERSATION_PRIORITIES);
  const assignee_id = i < ASSIGNEE_CASES.length ? (ASSIGNEE_CASES[i] ?? null) : weighted(rng, ASSIGNEE_WEIGHTS);
  const inbox = INBOXES[i] ?? rng.pick(INBOXES);

  const created_at = now - rng.int(2 * HOUR, 30 * DAY);
  const contact = pickContact(rng, contacts, created_at, inbox);
  const count = messageCount(rng, i);
  const lastAt = now - rng.int(60, Math.min(now - created_at - count * 2, 14 * DAY));
  const times = spreadTimes(rng, created_at, lastAt, count);
  const assignee = users.find((u) => u.id === assignee_id) ?? null;
  const messages = draftMessages(rng, { inbox, contact, assignee, status, times });

  const additional_attributes: Record<string, string> =
    inbox.channel_type === 'Channel::Email' ? { mail_subject: rng.pick(['Question about my invoice', 'Demo request', 'Order not delivered', 'Contract renewal']) } : {};
  const policy = rng.bool(0.5) ? rng.pick(SLA_POLICIES) : null;
  return {
    row: {
      uuid: rng.uuid(),
      inbox_id: inbox.id,
      contact_id: contact.id,
      assignee_id,
      assignee_agent_bot_id: null,
      team_id: null,
      status,
      priority,
      labels: rng.sample(fixtures.LABELS, rng.int(0, 3)),
      muted: rng.bool(0.05),
      created_at,
      updated_at: lastAt + rng.int(0, 999_999) / 1e6,
      last_activity_at: lastAt,
      agent_last_seen_at: null,
      assignee_last_seen_at: null,
      contact_last_seen_at: null,
      snoozed_until: status === 'snoozed' && rng.bool(0.7) ? now + rng.int(HOUR, 3 * DAY) : null,
      waiting_since: null,
      first_reply_created_at: null,
      custom_attributes: rng.bool(0.3) ? { plan: rng.pick(['free', 'pro', 'enterprise']) } : {},
      additional_attributes,
      applied_sla: policy ? { id: 0, sla_policy_id: policy.id, sla_status: 'active', created_at, updated_at: created_at } : null,
    },
    messages,
  };
}

/** A few fixed sizes sit on the 20-message page boundary; several threads need more than one page. */
function messageCount(rng: SeededRandom, i: number): number {
  const boundaries: Record<number, number> = { 1: 20, 2: 40, 3: 21, 5: 19 };
  if (boundaries[i] !== undefined) return boundaries[i];
  return i % 6 === 0 ? rng.int(30, 45) : rng.int(1, 18);
}

function pickContact(rng: SeededRandom, contacts: ContactRow[], before: number, inbox: InboxRow): ContactRow {
  const reusable = contacts.filter((c) => c.created_at <= before);
  if (reusable.length > 0 && rng.bool(0.15)) return rng.pick(reusable);
  const id = 100 + contacts.length * 3 + rng.int(0, 2);
  const name = personName(rng);
  const needsPhone = ['Channel::Whatsapp', 'Channel::Sms', 'Channel::TwilioSms', 'Channel::Voice'].includes(inbox.channel_type);
  const contact: ContactRow = {
    id,
    name,
    email: inbox.channel_type === 'Channel::Email' || rng.bool(0.7) ? emailFor(name, id) : null,
    phone_number: needsPhone || rng.bool(0.4) ? `+1555${String(rng.int(1_000_000, 9_999_999))}` : null,
    identifier: rng.bool(0.2) ? `crm-${rng.hex(8)}` : null,
    thumbnail: '',
    company_name: rng.bool(0.5) ? rng.pick(fixtures.COMPANIES) : null,
    created_at: before - rng.int(0, 10 * DAY),
    last_activity_at: before,
  };
  contacts.push(contact);
  return contact;
}

/** `count` strictly increasing times from `start` to `end` (both included). */
function spreadTimes(rng: SeededRandom, start: number, end: number, count: number): number[] {
  if (count === 1) return [end];
  const times = [start, ...Array.from({ length: count - 2 }, () => start + Math.floor(rng.next() * (end - start))).sort((a, b) => a - b), end];
  for (let k = 1; k < times.length; k++) times[k] = Math.max(times[k]!, times[k - 1]! + 1);
  for (let k = times.length - 2; k >= 0; k--) times[k] = Math.min(times[k]!, times[k + 1]! - 1);
  return times;
}

interface ThreadContext {
  inbox: InboxRow;
  contact: ContactRow;
  assignee: UserRow | null;
  status: ConversationStatus;
  times: number[];
}

function draftMessages(rng: SeededRandom, thread: ThreadContext): Draft['messages'] {
  const { inbox, contact, assignee, status, times } = thread;
  const staffIds = Object.values(STAFF_USER_IDS);
  const agentId = assignee?.id ?? rng.pick(staffIds);
  const agentName = (id: number): string => STAFF.find((s) => STAFF_USER_IDS[s.key] === id)?.name ?? 'Voxys Integration';
  const isEmail = inbox.channel_type === 'Channel::Email';
  const out: Draft['messages'] = [];
  times.forEach((created_at, k) => {
    const base = { inbox_id: inbox.id, created_at, attachments: [] as MessageRow['attachments'], source_id: sourceIdFor(rng, inbox) };
    const contactMessage = (): Draft['messages'][number] => ({
      ...base,
      content: rng.pick(fixtures.INBOUND),
      message_type: MESSAGE_TYPE.incoming,
      content_type: isEmail ? 'incoming_email' : 'text',
      status: 'sent',
      private: false,
      sender: { type: 'contact', id: contact.id },
    });
    const roll = rng.next();
    if (k === 0) return void out.push(contactMessage());
    if (k === times.length - 1 && status === 'resolved' && times.length >= 3) {
      return void out.push(activity(base, `Conversation was marked resolved by ${agentName(agentId)}`));
    }
    if (roll < 0.07) {
      const text = rng.pick([
        `Assigned to ${agentName(agentId)} by Voxys Integration`,
        `${agentName(agentId)} added ${rng.pick(fixtures.LABELS)}`,
        `Priority set to high by ${agentName(agentId)}`,
      ]);
      return void out.push(activity(base, text));
    }
    if (roll < 0.15) return void out.push(outgoing(rng, base, rng.pick(NOTES), { type: 'user', id: agentId }, true));
    if (roll < 0.22) return void out.push(outgoing(rng, base, rng.pick(BOT_REPLIES), { type: 'agent_bot', id: 1 }, false));
    if (roll < 0.25 && inbox.channel_type === 'Channel::Whatsapp') {
      return void out.push({ ...outgoing(rng, base, 'Hello {{1}}, your order {{2}} has shipped.', { type: 'user', id: agentId }, false), message_type: MESSAGE_TYPE.template });
    }
    const message = roll < 0.6 ? contactMessage() : outgoing(rng, base, rng.pick(fixtures.OUTBOUND), { type: 'user', id: agentId }, false);
    if (rng.bool(0.08)) message.attachments.push(attachment(rng));
    out.push(message);
  });
  return out;
}

type MessageBase = Pick<MessageRow, 'inbox_id' | 'created_at' | 'attachments' | 'source_id'>;

function outgoing(rng: SeededRandom, base: MessageBase, content: string, sender: SenderRef, isPrivate: boolean): Draft['messages'][number] {
  return {
    ...base,
    source_id: isPrivate ? null : base.source_id,
    content,
    message_type: MESSAGE_TYPE.outgoing,
    content_type: 'text',
    status: isPrivate
      ? 'sent'
      : weighted(rng, [
          ['sent', 2],
          ['delivered', 3],
          ['read', 4],
          ['failed', 1],
        ]),
    private: isPrivate,
    sender,
  };
}

function activity(base: MessageBase, content: string): Draft['messages'][number] {
  return { ...base, source_id: null, content, message_type: MESSAGE_TYPE.activity, content_type: 'text', status: 'sent', private: false, sender: null };
}

/** Ids and URLs are handed out with the message ids (numberMessages). */
function attachment(rng: SeededRandom): MessageRow['attachments'][number] {
  const kind = rng.pick([
    { file_type: 'image', extension: 'jpg' },
    { file_type: 'file', extension: 'pdf' },
  ] as const);
  return { id: 0, ...kind, data_url: '', file_size: rng.int(10_000, 2_000_000) };
}

function sourceIdFor(rng: SeededRandom, inbox: InboxRow): string | null {
  if (inbox.channel_type === 'Channel::Whatsapp') return `wamid.${rng.hex(24)}`;
  if (inbox.channel_type === 'Channel::Email') return `<${rng.uuid()}@mail.voxys.example>`;
  return null;
}

/** Message ids are account-wide and grow with time, as database ids do. */
function numberMessages(drafts: Draft[]): MessageRow[] {
  const all = drafts.flatMap((draft, index) => draft.messages.map((m, seq) => ({ m, conversation_id: index + 1, seq })));
  all.sort((a, b) => a.m.created_at - b.m.created_at || a.conversation_id - b.conversation_id || a.seq - b.seq);
  let attachmentId = 5000;
  return all.map(({ m, conversation_id }, i) => ({
    ...m,
    id: 1001 + i,
    conversation_id,
    attachments: m.attachments.map((a) => {
      const id = ++attachmentId;
      return { ...a, id, data_url: `https://files.voxys.example/rails/active_storage/blobs/${id}/upload.${a.extension}` };
    }),
  }));
}

/**
 * What Chatwoot keeps on the conversation row as messages arrive: `first_reply_created_at` (first
 * public human reply), `waiting_since` (first contact message not yet answered by a human, cleared
 * on resolve), last-seen times (some threads read, some with unread incoming messages, some never
 * opened), and the applied SLA's status.
 */
function deriveFromMessages(conversation: ConversationRow, thread: MessageRow[], rng: SeededRandom, now: number): void {
  let waiting: number | null = null;
  for (const m of thread) {
    const humanReply = m.message_type === MESSAGE_TYPE.outgoing && !m.private && m.sender?.type === 'user';
    if (humanReply) {
      conversation.first_reply_created_at ??= m.created_at;
      waiting = null;
    } else if (m.message_type === MESSAGE_TYPE.incoming) {
      waiting ??= m.created_at;
    }
  }
  conversation.waiting_since = conversation.status === 'resolved' ? null : waiting;
  const incoming = thread.filter((m) => m.message_type === MESSAGE_TYPE.incoming);
  conversation.contact_last_seen_at = incoming.at(-1)?.created_at ?? null;
  const last = thread.at(-1)!;
  const mode = weighted(rng, [
    ['read', 55],
    ['unread', 38],
    ['never', 7],
  ]);
  const unreadFrom = incoming.length > 0 ? incoming[Math.max(0, incoming.length - rng.int(1, 12))]! : null;
  conversation.agent_last_seen_at = mode === 'never' ? null : mode === 'unread' && unreadFrom ? unreadFrom.created_at - 1 : Math.min(now, last.created_at + rng.int(1, 600));
  conversation.assignee_last_seen_at = conversation.assignee_id === null ? null : conversation.agent_last_seen_at;

  const sla = conversation.applied_sla;
  if (sla) {
    const policy = SLA_POLICIES.find((p) => p.id === sla.sla_policy_id)!;
    const frtDeadline = sla.created_at + (policy.first_response_time_threshold ?? 0);
    const missed = (conversation.first_reply_created_at ?? now) > frtDeadline;
    sla.id = 900 + conversation.display_id;
    sla.sla_status = conversation.status === 'resolved' ? (missed ? 'missed' : 'hit') : missed ? 'active_with_misses' : 'active';
    sla.updated_at = Math.min(now, conversation.last_activity_at);
  }
}

function seedCrm(rng: SeededRandom, now: number, conversations: ConversationRow[], contacts: ContactRow[], companies: CompanyRow[]): Pick<VoxysSeed, 'leads' | 'cards' | 'tasks'> {
  const leads: LeadRow[] = [];
  const cards: FunnelCardRow[] = [];
  const tasks: TaskRow[] = [];
  const staffIds = Object.values(STAFF_USER_IDS);
  let leadId = 40;
  const newLead = (conversation: ConversationRow | null): LeadRow => {
    const contact = conversation ? contacts.find((c) => c.id === conversation.contact_id) : undefined;
    const company = companies.find((c) => c.name === contact?.company_name) ?? (conversation ? null : rng.pick(companies));
    const hasValue = rng.bool(0.85);
    const created_at = Math.min(now - 60, (conversation?.created_at ?? now - 20 * DAY) + rng.int(60, 2 * DAY));
    leadId += rng.int(1, 3);
    return {
      id: leadId,
      custom_name: `${company?.name ?? contact?.name ?? 'Unknown'} - ${rng.pick(DEAL_NAMES)}`,
      status:
        LEAD_STATUSES[leads.length] ??
        weighted(rng, [
          ['open', 55],
          ['won', 15],
          ['lost', 15],
          ['snoozed', 15],
        ]),
      lead_value: hasValue ? rng.int(5, 500) * 100 + (rng.bool(0.2) ? 0.5 : 0) : null,
      lead_currency: hasValue ? rng.pick(['USD', 'EUR', 'GBP']) : null,
      position: rng.bool(0.9) ? rng.int(1, 20) : null,
      notes: rng.bool(0.5) ? rng.pick(LEAD_NOTES) : null,
      assigned_agent_id: rng.bool(0.1) ? null : conversation?.assignee_id && staffIds.includes(conversation.assignee_id) ? conversation.assignee_id : rng.pick(staffIds),
      company_id: company?.id ?? null,
      conversation_id: conversation?.display_id ?? null,
      source_inbox_id: conversation?.inbox_id ?? null,
      custom_attributes: rng.bool(0.4) ? { industry: rng.pick(['Technology', 'Retail', 'Health']), annual_revenue: rng.int(1, 50) * 100_000 } : {},
      created_at,
      updated_at: rng.int(created_at, now),
    };
  };
  for (const conversation of conversations) if (rng.bool(0.7)) leads.push(newLead(conversation));
  for (let n = 0; n < 5; n++) leads.push(newLead(null));

  let cardId = 54;
  for (const lead of leads) {
    if (!rng.bool(0.6)) continue;
    const funnel = rng.pick(FUNNELS);
    const stage = rng.pick(STAGES.filter((s) => s.funnel_id === funnel.id));
    const created_at = rng.int(lead.created_at, now);
    cards.push({ id: ++cardId, funnel_id: funnel.id, funnel_stage_id: stage.id, lead_id: lead.id, position: rng.int(1, 10), created_at, updated_at: rng.int(created_at, now) });
  }

  // Every task case shows up first: overdue, due later, done, cancelled, no due date.
  const cases: { status: TaskStatus; due: 'past' | 'future' | 'none' }[] = [
    { status: 'pending', due: 'past' },
    { status: 'pending', due: 'future' },
    { status: 'completed', due: 'past' },
    { status: 'cancelled', due: 'future' },
    { status: 'pending', due: 'none' },
  ];
  let taskId = 19;
  const newTask = (taskable_type: TaskRow['taskable_type'], taskable_id: number, since: number): TaskRow => {
    const chosen = cases[tasks.length] ?? {
      status: weighted<TaskStatus>(rng, [
        ['pending', 60],
        ['completed', 30],
        ['cancelled', 10],
      ]),
      due: weighted<'past' | 'future' | 'none'>(rng, [
        ['past', 45],
        ['future', 45],
        ['none', 10],
      ]),
    };
    const created_at = rng.int(since, now - 60);
    const due_at = chosen.due === 'none' ? null : chosen.due === 'past' ? now - rng.int(HOUR, 10 * DAY) : now + rng.int(HOUR, 10 * DAY);
    const completed_at = chosen.status === 'completed' ? rng.int(created_at, now) : null;
    taskId += rng.int(1, 2);
    return {
      id: taskId,
      title: rng.pick(TASK_TITLES),
      description: rng.bool(0.6) ? 'Call back after proposal review.' : null,
      status: chosen.status,
      priority: rng.bool(0.1) ? null : rng.pick(['low', 'medium', 'high'] as const),
      due_at,
      completed_at,
      taskable_type,
      taskable_id,
      assigned_to_id: rng.bool(0.15) ? null : rng.pick(staffIds),
      created_at,
      updated_at: completed_at ?? created_at,
    };
  };
  for (const lead of leads) for (let n = rng.int(0, 3); n > 0; n--) tasks.push(newTask('Lead', lead.id, lead.created_at));
  for (const conversation of conversations) {
    if (!leads.some((l) => l.conversation_id === conversation.display_id) && rng.bool(0.25)) {
      tasks.push(newTask('Conversation', conversation.display_id, conversation.created_at));
    }
  }
  return { leads, cards, tasks };
}

function weighted<T>(rng: SeededRandom, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [value, w] of options) {
    roll -= w;
    if (roll < 0) return value;
  }
  return options[options.length - 1]![0];
}
