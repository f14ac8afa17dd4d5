import { STAFF, emailFor, fixtures, personName, type StaffKey } from '../common/people.js';
import { SeededRandom } from '../common/random.js';
import type { SimOptions } from '../common/simulator.js';
import { buildTranscript, visibleMessages } from './transcripts.js';
import type { VgAssignedTo, VgConvoDoc, VgConvoListRow, VgConvoRecord, VgCrmActivity, VgCrmAlerts, VgHandoff, VgState, VgTurn, VgUser } from './types.js';

export interface VoiceglowDbOptions extends SimOptions {
  agentId: string;
  /** VoiceglowDb.listPageMax (default 20). */
  listPageMax?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const STATES: readonly VgState[] = ['ai-chatting', 'requested_chat', 'human-chatting', 'ended_chat'];
/** Assignment cycle: every staff member and "nobody", crossed with every state over 20 conversations. */
const ASSIGNMENTS: readonly (StaffKey | null)[] = ['alice', 'bob', 'carol', 'dana', null];
const ORIGINS = ['web-chat', 'whatsapp', 'instagram', 'facebook', 'telegram', 'sms', 'vapi', 'api'] as const;
const CURRENCIES = ['USD', 'EUR', 'GBP', 'usd'] as const;
const TITLES = ['Pricing question', 'Order status', 'Demo request', 'Invoice request', 'Integration question', 'Cancellation', 'Bug report', 'Contract renewal'];
const NOTES = ['Interested in the premium plan, follow up next week', 'Wants a quote for 20 seats', 'Decision maker is the CFO', 'Asked for a discount'];
const ACTIVITY_TITLES = ['Follow-up call', 'Send proposal', 'Book demo', 'Check invoice', 'Share onboarding guide'];
const LOST_REASONS = ['Went with a competitor', 'Budget too small', 'No response'];
/** The default Convocore lead funnel (convocore-mcp funnel-config.ts): step id → points. */
export const FUNNEL_STEPS: Readonly<Record<string, number>> = {
  contact_email_or_phone: 25,
  buying_intent: 30,
  timeline: 15,
  qualification: 20,
};

const iso = (ms: number): string => new Date(ms).toISOString();
const seconds = (ms: number): number => Math.floor(ms / 1000);

/** A Firebase-style uid, fixed per staff member (independent of the data seed, so demo users map stably). */
function staffUid(key: string): string {
  const rng = new SeededRandom(`voiceglow-staff-${key}`);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let uid = '';
  for (let i = 0; i < 28; i++) uid += alphabet[rng.int(0, alphabet.length - 1)];
  return uid;
}

/**
 * The simulated VoiceGlow workspace: one agent's conversations (each a lead/convo document plus
 * its transcript) and the workspace members they can be assigned to. State is mutable: later
 * write endpoints and webhooks change these records in place.
 */
export class VoiceglowDb {
  readonly agentId: string;
  readonly now: Date;
  readonly users: VgUser[];
  readonly identities: Record<StaffKey, string>;
  /**
   * Someone who has left the workspace: an old record still names them (as the delegator of an
   * assignment), but nothing can be assigned to them any more (the assign endpoint's 400).
   */
  readonly formerUsers: VgUser[] = [{ userId: staffUid('former-evan'), name: 'Evan Price', email: 'evan@demo.example', photoUrl: null }];
  /**
   * The most rows one list page holds, whatever `limit` asks (the platform caps it at 20; a test
   * may lower it: the page size is the server's choice, a client pages by `nextCursor`).
   */
  listPageMax: number;
  /** convoId → record, in generation order. */
  readonly convos = new Map<string, VgConvoRecord>();
  /** Real time at creation: the simulated clock runs on from `now` at the real pace. */
  private readonly bootedAt = Date.now();

  constructor(options: VoiceglowDbOptions) {
    this.agentId = options.agentId;
    this.listPageMax = options.listPageMax ?? 20;
    this.now = options.now;
    const rng = new SeededRandom(`voiceglow:${String(options.seed)}`);
    this.users = STAFF.map((member) => ({
      userId: staffUid(member.key),
      name: member.name,
      email: member.email,
      photoUrl: member.key === 'dana' ? null : `https://cdn.vg-stuff.com/avatars/${member.key}.png`,
    }));
    this.identities = Object.fromEntries(STAFF.map((member, i) => [member.key, this.users[i]!.userId])) as Record<StaffKey, string>;
    for (let i = 0; i < options.size; i++) this.add(this.generate(rng, i));
    // Widget opened, nothing said: the list endpoint leaves these out, the document endpoint serves them.
    const empties = Math.max(1, Math.round(options.size / 20));
    for (let i = 0; i < empties; i++) this.add(this.generateEmpty(rng));
    // Set after generation so the seeded sequence (and every other record) stays as it was.
    const delegated = [...this.convos.values()].find((record) => record.doc.delegatedBy !== undefined);
    if (delegated) delegated.doc.delegatedBy = this.formerUsers[0]!.userId;
  }

  /** The simulated time of a write (ms): `now` plus the real time elapsed since the data was made. */
  clock(): number {
    return this.now.getTime() + (Date.now() - this.bootedAt);
  }

  get(convoId: string): VgConvoRecord | undefined {
    return this.convos.get(convoId);
  }

  userById(userId: string): VgUser | undefined {
    return this.users.find((user) => user.userId === userId);
  }

  /** What `GET /convos` lists, in its order: newest activity first (ties by ID), empty convos left out. */
  listed(): VgConvoRecord[] {
    return [...this.convos.values()].filter((record) => record.doc.messagesNum > 0).sort((a, b) => compareListOrder(a.doc, b.doc));
  }

  /** The light row the list endpoint serves for a record (no `tags` when it has none, as its document). */
  listRow(record: VgConvoRecord): VgConvoListRow {
    const { doc } = record;
    const row: VgConvoListRow = {
      ID: doc.ID,
      userID: doc.userID,
      ts: doc.ts,
      lastModified: doc.lastModified,
      messagesNum: doc.messagesNum,
      origin: doc.origin,
      state: doc.state,
    };
    if (doc.tags.length > 0) row.tags = [...doc.tags];
    if (doc.lastMessageTS !== undefined) row.lastMessageTS = doc.lastMessageTS;
    if (doc.userName !== undefined) row.userName = doc.userName;
    if (doc.userEmail !== undefined) row.userEmail = doc.userEmail;
    if (doc.userPhone !== undefined) row.userPhone = doc.userPhone;
    if (doc.assignedTo) row.assignedTo = { ...doc.assignedTo };
    if (doc.chatAssignedTo !== undefined) row.chatAssignedTo = doc.chatAssignedTo;
    return row;
  }

  /** Appends a turn and keeps the document's transcript fields (counts, last message, times) in step. */
  appendTurn(convoId: string, turn: VgTurn): void {
    const record = this.convos.get(convoId);
    if (!record) throw new Error(`no convo ${convoId}`);
    record.turns.push(turn);
    syncTranscriptFields(record);
  }

  dump(): unknown {
    return { agentId: this.agentId, users: this.users, formerUsers: this.formerUsers, convos: [...this.convos.values()] };
  }

  private add(record: VgConvoRecord): void {
    syncTranscriptFields(record);
    this.convos.set(record.doc.ID, record);
  }

  private generate(rng: SeededRandom, i: number): VgConvoRecord {
    const now = this.now.getTime();
    const state = STATES[i % STATES.length]!;
    let assigneeKey = ASSIGNMENTS[i % ASSIGNMENTS.length] ?? null;
    // Only a teammate can be chatting as a human: a claimed chat always has its claimer.
    if (state === 'human-chatting' && assigneeKey === null) assigneeKey = rng.pick(STAFF).key;
    const assignee = assigneeKey ? this.users[STAFF.findIndex((m) => m.key === assigneeKey)]! : null;

    const count = i % 6 === 0 ? rng.int(31, 45) : i % 11 === 4 ? 1 : rng.int(2, 14);
    const createdAt = now - rng.int(2 * HOUR, 30 * DAY);
    const lastAt = Math.min(now - rng.int(1_000, 30_000), createdAt + Math.max(count * 2 * MINUTE, Math.floor((now - createdAt) * rng.next())));
    const { turns, events } = buildTranscript(rng, { state, count, agent: assignee, createdAt, lastAt });

    const id = rng.uuid();
    const doc: VgConvoDoc = {
      ID: id,
      userID: id,
      ts: seconds(createdAt),
      lastModified: seconds(lastAt),
      messagesNum: 0,
      interactionsNum: 0,
      origin: rng.pick(ORIGINS),
      state,
      tags: rng.sample(fixtures.LABELS, rng.int(0, 3)),
      handoffHistory: [],
      crmActivities: [],
      funnelStepsMatched: [],
      funnelScoreHistory: [],
      leadScore: 0,
    };
    if (rng.bool(0.6)) doc.title = rng.pick(TITLES);
    if (rng.bool(0.5)) doc.summary = `The visitor asked about ${rng.pick(TITLES).toLowerCase()}.`;

    const anonymous = i % 13 === 5 || rng.bool(0.08);
    if (!anonymous) this.fillLead(rng, doc, i, { createdAt, lastAt });
    if (assignee) this.fillAssignment(rng, doc, assignee, { createdAt, lastAt, events });
    else this.fillHandoff(rng, doc, events);

    // Unread coverage: seen before the last message, seen after it, never opened.
    if (i % 3 === 0) doc.lastViewed = lastAt - rng.int(MINUTE, 2 * HOUR);
    else if (i % 3 === 1) doc.lastViewed = Math.min(now, lastAt + rng.int(1_000, HOUR));

    if (state === 'ended_chat') doc.endReason = rng.pick(['user_left', 'agent_ended', 'timeout']);
    return { doc, turns };
  }

  /** Contact and CRM fields of a known visitor. */
  private fillLead(rng: SeededRandom, doc: VgConvoDoc, i: number, times: { createdAt: number; lastAt: number }): void {
    const now = this.now.getTime();
    const name = personName(rng);
    doc.userName = name;
    if (rng.bool(0.8)) doc.userEmail = emailFor(name, i);
    if (rng.bool(0.6)) doc.userPhone = `+1555${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
    if (rng.bool(0.5)) doc.userCompany = rng.pick(fixtures.COMPANIES);
    if (rng.bool(0.3)) doc.userProfilePic = `https://cdn.vg-stuff.com/profiles/${rng.hex(10)}.jpg`;
    if (rng.bool(0.6)) {
      doc.value = rng.int(5, 500) * 100;
      doc.currency = rng.pick(CURRENCIES);
    }
    if (rng.bool(0.4)) doc.notes = rng.pick(NOTES);
    if (rng.bool(0.4)) doc.expectedCloseDate = iso(now + rng.int(-10, 40) * DAY).slice(0, 10);
    if (doc.state === 'ended_chat' && rng.bool(0.4)) doc.lostReason = rng.pick(LOST_REASONS);
    doc.lastActivityDate = iso(times.lastAt);
    doc.hotScore = rng.int(0, 100);

    doc.funnelStepsMatched = rng.sample(Object.keys(FUNNEL_STEPS), rng.int(0, 4));
    doc.leadScore = doc.funnelStepsMatched.reduce((sum, step) => sum + (FUNNEL_STEPS[step] ?? 0), 0);
    doc.funnelScoreHistory = doc.leadScore > 0 ? [{ score: doc.leadScore, ts: times.lastAt }] : [];
    doc.funnelLastEvaluated = times.lastAt;
    if (doc.leadScore > 0) doc.funnelSummary = `Matched ${doc.funnelStepsMatched.join(', ')}`;

    const activities = rng.int(0, 3);
    for (let a = 0; a < activities; a++) doc.crmActivities.push(this.activity(rng, times.createdAt, rng.int(-6, 10) * DAY + rng.int(0, DAY), rng.bool(0.35)));
    // Every seventh lead has an overdue open activity, so the overdue filter always has matches.
    if (i % 7 === 0) doc.crmActivities.push(this.activity(rng, times.createdAt, -rng.int(1, 5) * DAY, false));

    if (doc.crmActivities.length > 0 || doc.value !== undefined) doc.crmAlerts = this.alerts(doc, times.lastAt);
  }

  private activity(rng: SeededRandom, createdAt: number, dueIn: number, completed: boolean): VgCrmActivity {
    const now = this.now.getTime();
    const author = rng.pick(this.users);
    const activity: VgCrmActivity = {
      id: `act_${rng.hex(16)}`,
      title: rng.pick(ACTIVITY_TITLES),
      date: iso(createdAt + rng.int(0, HOUR)),
      dueDate: iso(now + dueIn),
      completed,
      responded: rng.bool(0.5),
      notesHistory: [],
      metadata: {},
    };
    if (rng.bool(0.5)) {
      activity.note = 'Discussed next steps.';
      activity.notesHistory.push({ text: activity.note, agentId: author.userId, agentName: author.name, timestamp: iso(createdAt + HOUR) });
    }
    return activity;
  }

  /** The platform's CRM alerts, computed as the platform would at `now`. */
  private alerts(doc: VgConvoDoc, lastAt: number): VgCrmAlerts {
    const now = this.now.getTime();
    return {
      overdueECD: doc.expectedCloseDate !== undefined && Date.parse(doc.expectedCloseDate) < now,
      overdueActivity: doc.crmActivities.some((a) => !a.completed && a.dueDate !== undefined && Date.parse(a.dueDate) < now),
      staleLead: now - lastAt > 7 * DAY,
      ...stateAlerts(doc.state),
    };
  }

  private fillAssignment(
    rng: SeededRandom,
    doc: VgConvoDoc,
    assignee: VgUser,
    context: { createdAt: number; lastAt: number; events: ReturnType<typeof buildTranscript>['events'] },
  ): void {
    const { events } = context;
    const assignedAt = events.acceptedAt ?? context.createdAt + Math.floor((context.lastAt - context.createdAt) / 2);
    const assignedTo: VgAssignedTo = { userId: assignee.userId, name: assignee.name, email: assignee.email, assignedAt: iso(assignedAt) };
    if (assignee.photoUrl) assignedTo.photoUrl = assignee.photoUrl;
    if (rng.bool(0.3)) assignedTo.note = 'Key account';
    doc.assignedTo = assignedTo;
    if (events.acceptedAt !== null) {
      doc.chatAssignedTo = assignee.userId;
      doc.humanClaimedAt = events.acceptedAt;
      if (events.lastAgentReplyAt !== null) doc.humanLastRepliedAt = events.lastAgentReplyAt;
    } else if (rng.bool(0.5)) {
      // Delegated from the dashboard by a colleague rather than claimed in a live chat.
      const delegator = this.users.find((user) => user.userId !== assignee.userId)!;
      doc.delegatedBy = delegator.userId;
      doc.delegatedAt = assignedAt;
    }
    this.fillHandoff(rng, doc, events);
  }

  private fillHandoff(rng: SeededRandom, doc: VgConvoDoc, events: ReturnType<typeof buildTranscript>['events']): void {
    if (events.requestedAt === null) return;
    const handoff: VgHandoff = { requestedAt: events.requestedAt, teamKeys: ['support'] };
    if (events.acceptedAt !== null && doc.assignedTo) {
      handoff.acceptedAt = events.acceptedAt;
      handoff.acceptedBy = doc.assignedTo.userId;
    }
    if (events.endedAt !== null && events.acceptedAt !== null) handoff.completedAt = events.endedAt;
    doc.handoffHistory.push(handoff);
    if (doc.state === 'requested_chat' && rng.bool(0.5)) doc.pendingAiReplyAt = events.requestedAt + 5 * MINUTE;
  }

  private generateEmpty(rng: SeededRandom): VgConvoRecord {
    const createdAt = this.now.getTime() - rng.int(HOUR, 10 * DAY);
    const id = rng.uuid();
    const turns: VgTurn[] = [{ from: 'system', ts: createdAt, messages: [{ type: 'launch', item: { type: 'launch', payload: {} }, ts: createdAt, mid: `m_${rng.hex(12)}` }] }];
    const doc: VgConvoDoc = {
      ID: id,
      userID: id,
      ts: seconds(createdAt),
      lastModified: seconds(createdAt),
      messagesNum: 0,
      interactionsNum: 0,
      origin: 'web-chat',
      state: 'ai-chatting',
      tags: [],
      handoffHistory: [],
      crmActivities: [],
      funnelStepsMatched: [],
      funnelScoreHistory: [],
      leadScore: 0,
    };
    return { doc, turns };
  }
}

/** The CRM alerts that follow the conversation's state (recomputed by every write that changes it). */
export function stateAlerts(state: VgState): Pick<VgCrmAlerts, 'responded' | 'newHandoffAssigned'> {
  return { responded: state !== 'ended_chat', newHandoffAssigned: state === 'human-chatting' };
}

/** Newest activity first, then by ID: the list endpoint's order (and its keyset cursor's). */
export function compareListOrder(a: Pick<VgConvoDoc, 'ID' | 'lastMessageTS' | 'ts'>, b: Pick<VgConvoDoc, 'ID' | 'lastMessageTS' | 'ts'>): number {
  const ta = a.lastMessageTS ?? a.ts;
  const tb = b.lastMessageTS ?? b.ts;
  if (ta !== tb) return tb - ta;
  return a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0;
}

/** Recomputes the document fields the platform derives from the transcript. */
function syncTranscriptFields(record: VgConvoRecord): void {
  const { doc, turns } = record;
  const visible = visibleMessages(turns);
  doc.messagesNum = visible.length;
  doc.interactionsNum = turns.filter((turn) => turn.from === 'human').length;
  const first = visible[0];
  const last = visible[visible.length - 1];
  if (first) doc.firstMessageTS = seconds(first.ts);
  if (last) {
    doc.lastMessageTS = seconds(last.ts);
    doc.lastModified = Math.max(doc.lastModified, doc.lastMessageTS);
  }
  const lastText = [...visible].reverse().find((message) => message.item.payload.message !== undefined);
  if (lastText?.item.payload.message !== undefined) doc.lastMessage = lastText.item.payload.message;
}
