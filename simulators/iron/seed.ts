import { STAFF, emailFor, fixtures, personName, type StaffKey } from '../common/people.js';
import type { SeededRandom } from '../common/random.js';
import type { IronDb } from './db.js';
import type { ActivityDirection, ActivityKind, IronActivity, IronChannel, IronContact, IronConversation } from './records.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Who gets which conversation, in turn, so every assignment case is represented. */
const ASSIGNMENT_CYCLE: readonly (StaffKey | null)[] = ['alice', 'bob', 'carol', 'dana', null];
const CHANNEL_CYCLE: readonly IronChannel[] = ['sms', 'email', 'call'];
const ROLES: Record<StaffKey, 'owner' | 'admin' | 'member'> = { alice: 'owner', bob: 'member', carol: 'member', dana: 'admin' };

export const CALL_SUMMARIES = [
  'Caller asked about pricing for 3 seats; agreed to a follow-up demo on Thursday.',
  'Customer reported a late delivery; we confirmed the new date and offered a discount.',
  'Lead wants a quote for the premium plan billed yearly; send the proposal by email.',
  'Short check-in call: the customer is happy and asked about the CRM integration.',
  'Customer wants to cancel; retention offer made, decision expected next week.',
];
const NOTES = [
  'Prefers to be contacted in the morning.',
  'Budget approved by their finance team.',
  'Escalated to billing, waiting on their answer.',
  'Spoke with the manager, not the original contact.',
];

/** Fills an empty db with `size` conversations of a seeded, deterministic org. */
export function seedIronDb(db: IronDb, rng: SeededRandom, size: number, tokenOwner: StaffKey): void {
  const now = db.now.getTime();
  STAFF.forEach((staff, i) => {
    db.members.push({
      userId: rng.uuid(),
      staffKey: staff.key,
      name: staff.name,
      email: staff.email,
      role: ROLES[staff.key],
      joinedAt: now - (400 - i * 30) * DAY,
    });
  });
  db.tokenOwnerId = db.memberByStaffKey(tokenOwner).userId;

  const contacts = seedContacts(rng, Math.max(1, Math.round(size * 0.85)));
  for (const contact of contacts) db.contacts.set(contact.id, contact);

  for (let i = 0; i < size; i++) {
    const contact = contacts[i % contacts.length]!;
    const assignee = ASSIGNMENT_CYCLE[i % ASSIGNMENT_CYCLE.length]!;
    const archived = i % 6 === 5;
    const conversation: IronConversation = {
      id: rng.uuid(),
      contactId: contact.id,
      channel: channelFor(contact, CHANNEL_CYCLE[i % CHANNEL_CYCLE.length]!),
      unreadCount: 0,
      starred: i % 4 === 1,
      archived,
      assignedTo: assignee === null ? null : db.memberByStaffKey(assignee).userId,
      sla: { dueAt: null, overdue: false },
    };
    const plan: ThreadPlan = {
      messageCount: i % 11 === 0 ? 1 : i % 9 === 4 ? rng.int(48, 70) : rng.int(2, 30),
      pendingDrafts: !archived && i % 4 === 2 ? (i % 8 === 6 ? 2 : 1) : 0,
      sentDraft: i % 5 === 3,
      dismissedDraft: i % 7 === 2,
      // Some threads went quiet minutes ago, others hours or weeks ago: SLA both due and overdue.
      // Spread like the other platforms' data, so a merged inbox page mixes all four.
      lastAt: now - (i % 9 === 0 ? rng.int(3, 50) * MINUTE : rng.int(60, 30 * 24 * 60) * MINUTE),
    };
    const thread = seedThread(rng, conversation, contact, plan);
    db.conversations.set(conversation.id, conversation);
    db.activities.set(conversation.id, thread);
    settleInboxState(rng, conversation, thread, db.slaConfig.firstResponseMinutes, now);
  }

  const views: [string, IronDb['views'][number]['filters'], boolean][] = [
    ['Unread', { unread: true }, true],
    ['Recents', { recentDays: 7 }, true],
    ['Starred', { starred: true }, true],
    ['All', {}, true],
    ['Overdue', { overdue: true }, false],
    ['Archived', { archived: true }, false],
  ];
  for (const [name, filters, builtin] of views) db.views.push({ id: rng.uuid(), name, builtin, filters });
  // Drawn last, so the data above stays what it was: the case for "assign a non-member" (422).
  db.formerMembers.push({ userId: rng.uuid(), name: personName(rng), leftAt: now - 45 * DAY });
}

function seedContacts(rng: SeededRandom, count: number): IronContact[] {
  const contacts: IronContact[] = [];
  for (let n = 0; n < count; n++) {
    const name = personName(rng);
    const hasEmail = n % 7 !== 3;
    const hasPhone = n % 7 !== 5;
    contacts.push({
      id: rng.uuid(),
      // A caller who never gave a name is known by number only.
      name: n % 13 === 8 ? null : name,
      email: hasEmail ? emailFor(name, n) : null,
      phone: hasPhone ? `+1555${String(rng.int(0, 9_999_999)).padStart(7, '0')}` : null,
      tags: rng.sample(fixtures.LABELS, rng.int(0, 2)),
    });
  }
  return contacts;
}

/** Email needs an address, SMS and calls a phone number. */
function channelFor(contact: IronContact, preferred: IronChannel): IronChannel {
  if (preferred === 'email' && contact.email === null) return 'sms';
  if (preferred !== 'email' && contact.phone === null) return 'email';
  return preferred;
}

interface ThreadPlan {
  messageCount: number;
  /** Pending AI drafts answering the last inbound message. */
  pendingDrafts: number;
  /** A draft a human sent: the draft row (status sent) and the outbound touchpoint it became. */
  sentDraft: boolean;
  dismissedDraft: boolean;
  lastAt: number;
}

function seedThread(rng: SeededRandom, conversation: IronConversation, contact: IronContact, plan: ThreadPlan): IronActivity[] {
  const times: number[] = [plan.lastAt];
  for (let k = 1; k < plan.messageCount; k++) times.unshift(times[0]! - rng.int(2, 240) * MINUTE - rng.int(0, 59) * 1000);

  const thread: IronActivity[] = [];
  times.forEach((createdAt, k) => {
    const isLast = k === times.length - 1;
    const direction: ActivityDirection = k === 0 || (isLast && plan.pendingDrafts > 0) ? 'inbound' : rng.bool(0.5) ? 'inbound' : 'outbound';
    const kind = activityKind(rng, conversation.channel, contact, k === 0 || isLast);
    thread.push(touchpoint(rng, conversation.id, kind, direction, createdAt));
  });

  if (plan.sentDraft) {
    const sent = thread.find((a, k) => k > 0 && a.direction === 'outbound' && (a.kind === 'sms' || a.kind === 'email'));
    if (sent) thread.push(suggestion(rng, conversation.id, sent.body, 'sent', sent.createdAt - 20_000));
  }
  if (plan.dismissedDraft) {
    const answered = thread.find((a, k) => k < thread.length - 1 && a.direction === 'inbound' && a.kind !== 'note');
    if (answered) thread.push(suggestion(rng, conversation.id, rng.pick(fixtures.SUGGESTIONS), 'dismissed', answered.createdAt + 15_000));
  }
  for (let d = 0; d < plan.pendingDrafts; d++) {
    thread.push(suggestion(rng, conversation.id, rng.pick(fixtures.SUGGESTIONS), 'pending', plan.lastAt + 10_000 * (d + 1)));
  }
  return thread.sort((a, b) => a.createdAt - b.createdAt);
}

function activityKind(rng: SeededRandom, channel: IronChannel, contact: IronContact, edge: boolean): ActivityKind {
  if (!edge && rng.bool(0.08)) return 'note';
  if (contact.phone !== null && rng.bool(channel === 'call' ? 0.6 : channel === 'sms' ? 0.15 : 0.05)) return 'call';
  if (channel === 'call') return contact.phone !== null ? 'sms' : 'email';
  return channel;
}

function touchpoint(rng: SeededRandom, conversationId: string, kind: ActivityKind, direction: ActivityDirection, createdAt: number): IronActivity {
  const base = { id: rng.uuid(), conversationId, kind, status: null, createdAt, aiSummary: null };
  switch (kind) {
    case 'call': {
      const missed = direction === 'inbound' && rng.bool(0.2);
      const length = `${rng.int(0, 14)}m ${String(rng.int(0, 59)).padStart(2, '0')}s`;
      return {
        ...base,
        direction,
        body: missed ? 'Missed call' : `${direction === 'inbound' ? 'Inbound' : 'Outbound'} call, ${length}`,
        aiSummary: missed ? null : rng.pick(CALL_SUMMARIES),
        providerMessageId: `CA${rng.hex(32)}`,
      };
    }
    case 'note':
      return { ...base, direction: 'outbound', body: rng.pick(NOTES), providerMessageId: null };
    default:
      return {
        ...base,
        direction,
        body: rng.pick(direction === 'inbound' ? fixtures.INBOUND : fixtures.OUTBOUND),
        providerMessageId: kind === 'sms' ? `SM${rng.hex(32)}` : `<${rng.hex(16)}@mail.iron.example>`,
      };
  }
}

function suggestion(rng: SeededRandom, conversationId: string, body: string | null, status: 'pending' | 'sent' | 'dismissed', createdAt: number): IronActivity {
  return { id: rng.uuid(), conversationId, kind: 'suggestion', direction: 'outbound', body, aiSummary: null, providerMessageId: null, status, createdAt };
}

/**
 * Unread count and SLA follow from the thread: a thread whose newest touchpoint is inbound waits
 * for a first response, due `firstResponseMinutes` after the oldest unanswered inbound message.
 */
function settleInboxState(rng: SeededRandom, conversation: IronConversation, thread: IronActivity[], slaMinutes: number, now: number): void {
  const touchpoints = thread.filter((a) => a.kind !== 'suggestion' && a.kind !== 'note');
  let waiting = 0;
  while (waiting < touchpoints.length && touchpoints[touchpoints.length - 1 - waiting]!.direction === 'inbound') waiting++;
  if (waiting > 0 && !conversation.archived && rng.bool(0.75)) conversation.unreadCount = rng.int(1, waiting);
  if (waiting > 0 && !conversation.archived) {
    const dueAt = touchpoints[touchpoints.length - waiting]!.createdAt + slaMinutes * MINUTE;
    conversation.sla = { dueAt, overdue: dueAt <= now };
  }
}
