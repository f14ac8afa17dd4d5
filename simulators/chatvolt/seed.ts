import { STAFF, emailFor, fixtures, personName, type StaffKey } from '../common/people.js';
import { SeededRandom } from '../common/random.js';
import type { SimOptions } from '../common/simulator.js';
import { cuid } from './ids.js';
import {
  CONVERSATION_STATUSES,
  type AiAgentRecord,
  type AttachmentRecord,
  type ContactRecord,
  type ConversationChannel,
  type ConversationPriority,
  type ConversationRecord,
  type MembershipRecord,
  type MessageRecord,
  type OutsiderRecord,
  type ScenarioLinkRecord,
  type ScenarioRecord,
  type StepRecord,
} from './records.js';

/** Everything a Chatvolt organization holds, freshly generated. */
export interface ChatvoltSeed {
  organizationId: string;
  aiAgents: AiAgentRecord[];
  memberships: Record<StaffKey, MembershipRecord>;
  contacts: ContactRecord[];
  conversations: ConversationRecord[];
  messages: Map<string, MessageRecord[]>;
  scenarios: ScenarioRecord[];
  steps: StepRecord[];
  /** Chatvolt users who are not members of this organization (assigning them is refused). */
  outsiders: OutsiderRecord[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Assignment cycles with period 5, status with 3, priority with 4: 60 conversations cover every combination. */
const ASSIGNMENT_CYCLE: (StaffKey | null)[] = ['alice', 'bob', 'carol', 'dana', null];
const PRIORITY_CYCLE: ConversationPriority[] = ['LOW', 'MEDIUM', 'HIGH', 'MEDIUM'];
const CHANNEL_CYCLE: ConversationChannel[] = ['website', 'whatsapp', 'instagram', 'telegram', 'mail', 'dashboard', 'zapi', 'api', 'instagramDm', 'chatbox', 'website', 'whatsapp'];
/** Message counts of the first conversations, so paging older history is always exercised. */
const FORCED_MESSAGE_COUNTS = [45, 44, 38, 1, 2, 31, 32, 30, 61];
/**
 * Meta's 24-hour reply window (messaging-window.ts): these conversations' customers wrote within the last
 * 20 hours (open) or not for at least 2 days (closed), whatever the draw, so every seed has both
 * on WhatsApp and Instagram. Index 6 (zapi, not Meta's API: no window) is old too.
 */
const WINDOW_OPEN = new Set([1, 8]);
const WINDOW_CLOSED = new Set([2, 6, 11]);
const TITLES = ['Pricing question', 'Order not delivered', 'Demo request', 'Invoice needed', 'Integration with CRM', 'App crash on upload', 'Cancel subscription', 'Contract copy'];

const SCENARIOS: { name: string; description: string | null; steps: string[] }[] = [
  { name: 'Sales pipeline', description: 'Qualify inbound leads and book a demo', steps: ['New lead', 'Qualified', 'Demo booked', 'Proposal sent', 'Won'] },
  { name: 'Onboarding', description: 'First 30 days of a new customer', steps: ['Welcome', 'Account setup', 'First value', 'Check-in'] },
  { name: 'Support triage', description: null, steps: ['Reported', 'Investigating', 'Solved'] },
  { name: 'Reactivation', description: 'Win back customers who went quiet', steps: ['Dormant', 'First touch', 'Replied', 'Offer sent', 'Reactivated', 'Lost'] },
];

type UnreadCase = 'none' | 'some' | 'all';

/**
 * Generates one organization deterministically from the seed. Every timestamp is relative to
 * `now`. Conversations cover every status × priority × assignment (alice/bob/carol/dana/none),
 * share tags, mix read and unread threads (including never-opened ones whose every visitor message
 * is unread), and most sit at a step of one CRM scenario.
 */
export function generateChatvoltSeed(options: SimOptions): ChatvoltSeed {
  const rng = new SeededRandom(`chatvolt:${String(options.seed)}`);
  const now = options.now.getTime();
  const organizationId = cuid(rng);
  const iso = (ms: number): string => new Date(ms).toISOString();

  const aiAgents: AiAgentRecord[] = [
    { id: cuid(rng), name: 'Sales Assistant' },
    { id: cuid(rng), name: 'Support Bot' },
  ];
  const memberships = Object.fromEntries(
    STAFF.map((person, i) => [
      person.key,
      { id: cuid(rng), role: i === 0 ? 'OWNER' : i === 1 ? 'ADMIN' : 'USER', user: { id: cuid(rng), name: person.name, email: person.email } },
    ]),
  ) as Record<StaffKey, MembershipRecord>;

  const scenarios: ScenarioRecord[] = [];
  const steps: StepRecord[] = [];
  for (const [s, spec] of SCENARIOS.entries()) {
    const createdAt = iso(now - (120 + s * 10) * DAY);
    const scenario: ScenarioRecord = { id: cuid(rng), name: spec.name, description: spec.description, organizationId, createdAt, updatedAt: createdAt };
    scenarios.push(scenario);
    for (const [index, name] of spec.steps.entries()) {
      steps.push({
        id: cuid(rng),
        scenarioId: scenario.id,
        name,
        index,
        prompt: `You are at step "${name}" of ${spec.name}.`,
        trigger: index === 0 ? null : `Move here when the customer reaches "${name}".`,
        initialMessage: index === 0 ? null : `Hi! Quick update about ${name.toLowerCase()}.`,
        agentId: aiAgents[s % aiAgents.length]!.id,
        autoNextStepId: null,
        autoNextTime: null,
        autoNextTimeUnit: null,
        defaultStatus: null,
        defaultPriority: index === spec.steps.length - 2 ? 'HIGH' : null,
        defaultAiControl: null,
        assigneeLogicType: 'none',
        selectedMembershipIdsForAssignee: [],
        isRequired: false,
        isConversationRemovalStep: false,
        defaultTags: [],
        defaultTagsToRemove: [],
        organizationId,
        createdAt,
        updatedAt: createdAt,
      });
    }
  }

  const contacts: ContactRecord[] = [];
  const conversations: ConversationRecord[] = [];
  const messages = new Map<string, MessageRecord[]>();

  for (let i = 0; i < options.size; i++) {
    const channel = i < CHANNEL_CYCLE.length ? CHANNEL_CYCLE[i]! : rng.pick(CHANNEL_CYCLE);
    const status = CONVERSATION_STATUSES[i % 3]!;
    // Only where the cycle repeats MEDIUM (i % 4 === 3), so every combination stays covered.
    const priority = i % 24 === 7 ? null : PRIORITY_CYCLE[i % 4]!;
    const assigneeKey = ASSIGNMENT_CYCLE[i % 5]!;
    const assignee = assigneeKey ? memberships[assigneeKey] : null;
    const agentId = i % 11 === 3 ? null : aiAgents[i % 2]!.id;
    const drawnCreatedAt = now - rng.int(2 * HOUR, 30 * DAY);
    // The draw is made either way, so forcing a window case leaves every other record unchanged.
    const createdAtMs = WINDOW_OPEN.has(i) ? now - 20 * HOUR : WINDOW_CLOSED.has(i) ? Math.min(drawnCreatedAt, now - 10 * DAY) : drawnCreatedAt;
    const conversationId = cuid(rng);

    // The customer: a known contact, or an anonymous website visitor.
    const anonymous = (channel === 'website' || channel === 'chatbox') && rng.bool(0.5);
    let contact: ContactRecord | null = null;
    let visitorId: string | null = null;
    if (anonymous) {
      visitorId = cuid(rng);
    } else {
      const [firstName, lastName] = personName(rng).split(' ') as [string, string];
      const needsPhone = channel === 'whatsapp' || channel === 'zapi' || channel === 'telegram';
      contact = {
        id: cuid(rng),
        organizationId,
        email: channel === 'mail' || rng.bool(0.7) ? emailFor(`${firstName} ${lastName}`, i) : null,
        phoneNumber: needsPhone || rng.bool(0.4) ? `+${rng.int(1, 99)}${rng.int(100_000_000, 999_999_999)}` : null,
        firstName,
        lastName: rng.bool(0.9) ? lastName : null,
        externalId: needsPhone ? `ext-${rng.hex(10)}` : null,
        picture: rng.bool(0.3) ? `https://avatars.example.com/${rng.hex(8)}.png` : null,
        metadata: rng.bool(0.5) ? { company: rng.pick(fixtures.COMPANIES) } : null,
        createdAt: iso(createdAtMs - rng.int(0, 60) * DAY),
        updatedAt: iso(createdAtMs),
      };
      contacts.push(contact);
    }

    const messageCount = i < FORCED_MESSAGE_COUNTS.length ? FORCED_MESSAGE_COUNTS[i]! : rng.bool(0.3) ? rng.int(25, 45) : rng.int(1, 20);
    const unreadCase: UnreadCase = i === 0 || i === 2 || i === 8 ? 'all' : i === 1 ? 'none' : rng.bool(0.15) ? 'all' : rng.bool(0.45) ? 'some' : 'none';
    const isAiEnabled = status === 'HUMAN_REQUESTED' ? false : agentId !== null && rng.bool(0.85);
    const drawnEnd = createdAtMs + Math.floor((now - createdAtMs) * (0.3 + 0.69 * rng.next())) - (i % 7);
    const endMs = WINDOW_CLOSED.has(i) ? Math.min(drawnEnd, now - 2 * DAY) : drawnEnd;
    const thread = generateThread(rng, {
      conversationId,
      count: messageCount,
      startMs: createdAtMs,
      endMs,
      agentId,
      contactId: contact?.id ?? null,
      visitorId,
      teamUserId: assignee?.user.id ?? null,
      handoffAt: isAiEnabled ? messageCount : Math.floor(messageCount / 2),
      unreadCase,
    });
    messages.set(conversationId, thread);
    const lastAt = thread.at(-1)?.createdAt ?? iso(createdAtMs);

    conversations.push({
      id: conversationId,
      title: rng.bool(0.7) ? rng.pick(TITLES) : null,
      isAiEnabled,
      channel,
      status,
      metadata: null,
      channelExternalId: channel === 'whatsapp' || channel === 'zapi' ? (contact?.phoneNumber ?? null) : null,
      channelCredentialsId: channel === 'whatsapp' || channel === 'telegram' || channel === 'instagram' ? cuid(rng) : null,
      organizationId,
      mailInboxId: channel === 'mail' ? cuid(rng) : null,
      priority,
      formId: null,
      agentId,
      userId: channel === 'dashboard' ? memberships.alice.user.id : null,
      visitorId,
      frustration: isAiEnabled && rng.bool(0.5) ? Math.round(rng.next() * 100) / 100 : null,
      createdAt: iso(createdAtMs),
      updatedAt: lastAt,
      contactIds: contact ? [contact.id] : [],
      conversationVariables: rng.bool(0.3) ? [{ varName: 'plan', varValue: rng.pick(['free', 'pro', 'premium']) }] : [],
      conversationContexts: [],
      assigneeIds: assignee ? [assignee.id] : [],
      tags: rng.sample(fixtures.LABELS, rng.int(0, 3)),
      scenarioLinks: scenarioLinks(rng, i, scenarios, steps, createdAtMs, Date.parse(lastAt)),
    });
  }

  // Drawn last, so earlier records do not depend on it.
  const outsiders: OutsiderRecord[] = [{ id: cuid(rng), name: 'Eve Former', email: 'eve@former.example' }];
  // Contacts known by one name only (Contact's names are nullable, specs/conversations.yaml), drawn
  // apart so every other record stays as the seed makes it.
  const variety = new SeededRandom(`chatvolt-variety:${String(options.seed)}`);
  for (const contact of contacts) if (contact.lastName !== null && variety.bool(0.15)) contact.firstName = null;
  return { organizationId, aiAgents, memberships, contacts, conversations, messages, scenarios, steps, outsiders };
}

interface ThreadSpec {
  conversationId: string;
  count: number;
  startMs: number;
  endMs: number;
  agentId: string | null;
  contactId: string | null;
  visitorId: string | null;
  /** The assignee's user id: the team member who replies once a human took over. */
  teamUserId: string | null;
  /** From this message on, replies come from the team (human takeover), not the AI. */
  handoffAt: number;
  unreadCase: UnreadCase;
}

/**
 * One thread, oldest first: the visitor writes, the AI agent (or, after a takeover, the assigned
 * team member) answers. Reading a conversation in the dashboard marks everything read, so unread
 * visitor messages are always the newest ones.
 */
function generateThread(rng: SeededRandom, spec: ThreadSpec): MessageRecord[] {
  const thread: MessageRecord[] = [];
  const step = (spec.endMs - spec.startMs) / Math.max(spec.count, 1);
  let previousInbound = false;
  for (let k = 0; k < spec.count; k++) {
    const at = new Date(Math.floor(spec.startMs + step * (k + 1) - rng.int(0, Math.floor(step / 3))) + k).toISOString();
    const wantsReply: boolean = previousInbound && !rng.bool(0.2);
    // Before the takeover the AI answers (the team when there is no AI agent); after it, only the assignee.
    const replier = k >= spec.handoffAt ? (spec.teamUserId ? 'team' : null) : spec.agentId ? 'ai' : spec.teamUserId ? 'team' : null;
    const inbound: boolean = k === 0 || !wantsReply || replier === null;
    const fromTeam = !inbound && replier === 'team';
    const withAttachment = rng.bool(0.06);
    thread.push({
      id: cuid(rng),
      text: inbound ? rng.pick(fixtures.INBOUND) : rng.pick(fixtures.OUTBOUND),
      html: null,
      from: inbound || fromTeam ? 'human' : 'agent',
      conversationId: spec.conversationId,
      sources: null,
      usage: !inbound && !fromTeam ? { completionTokens: rng.int(20, 200), promptTokens: rng.int(200, 2000) } : null,
      externalId: null,
      userId: fromTeam ? spec.teamUserId : null,
      contactId: inbound ? spec.contactId : null,
      visitorId: inbound ? spec.visitorId : null,
      agentId: !inbound && !fromTeam ? spec.agentId : null,
      metadata: null,
      inputId: null,
      eval: !inbound && !fromTeam && rng.bool(0.2) ? rng.pick(['good', 'bad'] as const) : null,
      read: true,
      agentModel: !inbound && !fromTeam ? 'gpt-4o-mini' : null,
      usageCredits: !inbound && !fromTeam ? 1 : null,
      attachments: withAttachment ? [attachment(rng, at)] : [],
      createdAt: at,
      updatedAt: at,
    });
    previousInbound = inbound;
  }
  markUnread(rng, thread, spec.unreadCase);
  return thread;
}

function markUnread(rng: SeededRandom, thread: MessageRecord[], unreadCase: UnreadCase): void {
  // A team member who replied had read everything before the reply.
  const lastTeamReply = thread.findLastIndex((m) => m.userId !== null);
  const inbound = thread.slice(lastTeamReply + 1).filter((m) => m.from === 'human' && m.userId === null);
  const unread = unreadCase === 'all' ? inbound.length : unreadCase === 'some' ? Math.min(inbound.length, rng.int(1, 3)) : 0;
  for (const message of inbound.slice(inbound.length - unread)) message.read = false;
}

function attachment(rng: SeededRandom, at: string): AttachmentRecord {
  const image = rng.bool(0.6);
  const name = image ? `photo-${rng.hex(6)}.jpg` : `document-${rng.hex(6)}.pdf`;
  return { id: cuid(rng), url: `https://files.chatvolt.example/${name}`, name, mimeType: image ? 'image/jpeg' : 'application/pdf', size: rng.int(10_000, 900_000), createdAt: at };
}

/** Most conversations sit at a step of one scenario; some left an older one, some are in none. */
function scenarioLinks(rng: SeededRandom, i: number, scenarios: ScenarioRecord[], steps: StepRecord[], startMs: number, endMs: number): ScenarioLinkRecord[] {
  const link = (scenario: ScenarioRecord, available: boolean, fromMs: number, toMs: number): ScenarioLinkRecord => {
    const own = steps.filter((s) => s.scenarioId === scenario.id);
    const step = rng.pick(own);
    return {
      id: rng.hex(24),
      scenarioId: scenario.id,
      stepId: step.id,
      available,
      createdAt: new Date(fromMs).toISOString(),
      updatedAt: new Date(toMs).toISOString(),
    };
  };
  const middle = Math.floor((startMs + endMs) / 2);
  const kind = i === 3 ? 'none' : i === 4 ? 'left' : i === 5 ? 'moved' : rng.bool(0.2) ? 'none' : rng.bool(0.08) ? 'left' : rng.bool(0.15) ? 'moved' : 'active';
  const current = scenarios[i % scenarios.length]!;
  switch (kind) {
    case 'none':
      return [];
    case 'left':
      return [link(current, false, startMs, middle)];
    case 'moved': {
      const earlier = scenarios[(i + 1) % scenarios.length]!;
      return [link(earlier, false, startMs, middle), link(current, true, middle, endMs)];
    }
    default:
      return [link(current, true, startMs, endMs)];
  }
}
