import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformFor } from '../src/datasources/index.js';
import { decodeId, encodeId } from '../src/graph/ids.js';
import type { ChatvoltDb } from '../simulators/chatvolt/db.js';
import type { IronDb } from '../simulators/iron/db.js';
import { visibleMessages } from '../simulators/voiceglow/transcripts.js';
import type { VoiceglowDb } from '../simulators/voiceglow/db.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { operation, startStack, type Stack } from './support/stack.js';

/**
 * ConversationScreen for conversations of each platform, checked field by field against the
 * simulator's own record, with the whole thread read back through older-message paging.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'screen-seed' }] });
});
afterAll(async () => stack?.close());

interface Screen {
  id: string;
  source: string;
  status: string;
  priority: string | null;
  aiEnabled: boolean | null;
  unreadCount: number | null;
  starred: boolean | null;
  archived: boolean | null;
  labels: string[];
  lastActivityAt: string;
  capabilities: string[];
  contact: { name: string | null } | null;
  assignee: { id: string; name: string | null; isMe: boolean } | null;
  sla: { dueAt: string | null; overdue: boolean } | null;
  messages: {
    edges: { cursor: string; node: { id: string; content: string | null; private: boolean; kind: string; direction: string } }[];
    pageInfo: { hasPreviousPage: boolean; startCursor: string | null };
  };
  lead: { name: string | null; status: string | null; value: { amount: number; currency: string } | null } | null;
  funnelCard: { position: number | null; stage: { id: string } } | null;
  tasks: { title: string; status: string }[] | null;
  scenario: { name: string; steps: { name: string }[] | null } | null;
  scenarioStep: { name: string } | null;
  suggestions: { id: string; content: string; status: string }[] | null;
}

function globalId(source: string, upstreamId: string): string {
  const config = stack.config.tenants.t1!.sources[source]!;
  return encodeId('Conversation', { tenant: 't1', key: source, scope: platformFor(config).scopeOf(config) }, upstreamId);
}

/** The screen, then every older page: the whole thread, oldest first. */
async function readScreen(source: string, upstreamId: string): Promise<{ screen: Screen; thread: Screen['messages']['edges'] }> {
  const id = globalId(source, upstreamId);
  const first = await stack.gql<{ conversation: Screen }>(operation('ConversationScreen'), { id, last: 30 });
  expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
  const screen = first.data!.conversation;
  const thread = [...screen.messages.edges];
  let page = screen.messages.pageInfo;
  for (let i = 0; page.hasPreviousPage && i < 100; i++) {
    const older = await stack.gql<{ conversation: Screen }>(operation('ConversationScreen'), { id, last: 30, before: page.startCursor });
    expect(older.errors).toBeUndefined();
    thread.unshift(...older.data!.conversation.messages.edges);
    page = older.data!.conversation.messages.pageInfo;
  }
  return { screen, thread };
}

const upstreamIdOf = (id: string) => decodeId(id)!.upstreamId;
const upper = (v: string | null | undefined) => (v ? v.toUpperCase() : null);

describe('ConversationScreen, field by field against the simulators', () => {
  it('Voxys: status, priority, labels, unread, contact, assignee, whole thread, lead, funnel card, tasks', async () => {
    const db = stack.sims.t1!.voxys.db as VoxysDb;
    const byLength = [...db.conversations.values()].sort((a, b) => db.thread(b.display_id).length - db.thread(a.display_id).length);
    const withLead = [...db.conversations.values()].filter((c) => db.leadOfConversation(c.display_id) && db.followUpTasks(c.display_id).length > 0);
    for (const c of [byLength[0]!, withLead[0]!, byLength[byLength.length - 1]!]) {
      const { screen, thread } = await readScreen('voxys', String(c.display_id));
      expect(screen.source).toBe('VOXYS');
      expect(screen.status).toBe({ open: 'OPEN', pending: 'PENDING', snoozed: 'SNOOZED', resolved: 'RESOLVED' }[c.status]);
      expect(screen.priority).toBe(upper(c.priority));
      expect(screen.labels).toEqual(c.labels);
      expect(screen.unreadCount).toBe(db.unreadCount(c));
      expect(screen.starred).toBeNull();
      expect(screen.contact?.name).toBe(db.contacts.get(c.contact_id)!.name);
      expect(screen.assignee ? upstreamIdOf(screen.assignee.id) : null).toBe(c.assignee_id === null ? null : String(c.assignee_id));
      expect(screen.assignee?.isMe ?? false).toBe(c.assignee_id !== null && String(c.assignee_id) === stack.sims.t1!.voxys.identities.alice);
      expect(new Date(screen.lastActivityAt).getTime()).toBe(c.last_activity_at * 1000);
      expect(screen.capabilities).toContain('SEND_PRIVATE_NOTE');
      const expectedThread = db.thread(c.display_id);
      expect(thread.map((e) => upstreamIdOf(e.node.id))).toEqual(expectedThread.map((m) => String(m.id)));
      expect(thread.map((e) => e.node.content)).toEqual(expectedThread.map((m) => m.content));
      expect(thread.map((e) => e.node.private)).toEqual(expectedThread.map((m) => m.private));
      const lead = db.leadOfConversation(c.display_id);
      expect(screen.lead && { name: screen.lead.name, status: screen.lead.status }).toEqual(lead ? { name: lead.custom_name, status: lead.status.toUpperCase() } : null);
      if (lead?.lead_value != null) expect(screen.lead!.value).toEqual({ amount: lead.lead_value, currency: lead.lead_currency!.toUpperCase() });
      const card = lead ? db.cardOfLead(lead.id) : null;
      expect(screen.funnelCard?.position ?? null).toBe(card?.position ?? null);
      expect(screen.tasks!.map((t) => t.title).sort()).toEqual(
        db
          .followUpTasks(c.display_id)
          .map((t) => t.title)
          .sort(),
      );
      expect(screen.scenario).toBeNull();
      expect(screen.suggestions).toEqual([]);
    }
  });

  it('Chatvolt: status, priority, AI switch, labels, assignee, whole thread, scenario and step', async () => {
    const db = stack.sims.t1!.chatvolt.db as ChatvoltDb;
    const all = [...db.conversations.values()];
    const longest = [...all].sort((a, b) => db.messagesOf(b.id).length - db.messagesOf(a.id).length)[0]!;
    const inScenario = all.find((c) => c.scenarioLinks.some((l) => l.available))!;
    for (const c of [longest, inScenario]) {
      const { screen, thread } = await readScreen('chatvolt', c.id);
      expect(screen.status).toBe({ UNRESOLVED: 'OPEN', HUMAN_REQUESTED: 'HUMAN_REQUESTED', RESOLVED: 'RESOLVED' }[c.status as string]);
      expect(screen.priority).toBe(c.priority);
      expect(screen.aiEnabled).toBe(c.isAiEnabled);
      expect(screen.labels).toEqual(c.tags);
      expect(screen.unreadCount).toBe(db.unreadCount(c.id));
      expect(screen.assignee ? upstreamIdOf(screen.assignee.id) : null).toBe(c.assigneeIds[0] ?? null);
      expect(thread.map((e) => upstreamIdOf(e.node.id))).toEqual(db.messagesOf(c.id).map((m) => m.id));
      expect(thread.map((e) => e.node.content)).toEqual(db.messagesOf(c.id).map((m) => m.text));
      const link = c.scenarioLinks.find((l) => l.available);
      if (link) {
        expect(screen.scenario?.name).toBe(db.scenarios.get(link.scenarioId)!.name);
        expect(screen.scenarioStep?.name).toBe(db.steps.get(link.stepId)!.name);
        expect(screen.scenario!.steps!.map((s) => s.name)).toEqual(db.stepsOf(link.scenarioId).map((s) => s.name));
      }
      expect(screen.lead).toBeNull();
      expect(screen.tasks).toEqual([]);
    }
  });

  it('VoiceGlow: state, AI switch, tags, assignee, whole transcript, lead and tasks', async () => {
    const db = stack.sims.t1!.voiceglow.db as VoiceglowDb;
    const listed = db.listed();
    const longest = [...listed].sort((a, b) => visibleMessages(b.turns).length - visibleMessages(a.turns).length)[0]!;
    const withValue = listed.find((r) => r.doc.value !== undefined && r.doc.crmActivities.length > 0)!;
    for (const { doc, turns } of [longest, withValue]) {
      const { screen, thread } = await readScreen('voiceglow', doc.ID);
      expect(screen.status).toBe({ 'ai-chatting': 'OPEN', requested_chat: 'HUMAN_REQUESTED', 'human-chatting': 'OPEN', ended_chat: 'RESOLVED' }[doc.state]);
      expect(screen.aiEnabled).toBe(doc.state === 'ai-chatting');
      expect(screen.labels).toEqual(doc.tags);
      expect(screen.priority).toBeNull();
      expect(screen.assignee ? upstreamIdOf(screen.assignee.id) : null).toBe(doc.assignedTo?.userId ?? null);
      expect(thread).toHaveLength(visibleMessages(turns).length);
      expect(new Set(thread.map((e) => e.node.id)).size).toBe(thread.length);
      if (doc.value !== undefined) expect(screen.lead?.value?.amount).toBe(doc.value);
      expect(screen.lead?.status ?? null).toBe(screen.lead ? (doc.lostReason ? 'LOST' : 'OPEN') : null);
      expect(screen.tasks).toHaveLength(doc.crmActivities.length);
      expect(screen.funnelCard).toBeNull();
    }
  });

  it('Iron: star, archive, unread, SLA, whole thread without drafts, pending suggestions', async () => {
    const db = stack.sims.t1!.iron.db as IronDb;
    const all = db.inListOrder();
    const withDraft = all.find((c) => db.thread(c.id).some((a) => a.kind === 'suggestion' && a.status === 'pending'))!;
    const longest = [...all].sort((a, b) => db.thread(b.id).length - db.thread(a.id).length)[0]!;
    for (const c of [withDraft, longest]) {
      const { screen, thread } = await readScreen('iron', c.id);
      expect(screen.status).toBe(c.archived ? 'RESOLVED' : 'OPEN');
      expect(screen.starred).toBe(c.starred);
      expect(screen.archived).toBe(c.archived);
      expect(screen.unreadCount).toBe(c.unreadCount);
      expect(screen.sla?.overdue).toBe(c.sla.overdue);
      expect(screen.contact?.name).toBe(db.contactOf(c).name);
      expect(screen.assignee ? upstreamIdOf(screen.assignee.id) : null).toBe(c.assignedTo);
      const activities = db.thread(c.id);
      expect(thread.map((e) => upstreamIdOf(e.node.id))).toEqual(activities.filter((a) => a.kind !== 'suggestion').map((a) => a.id));
      expect(thread.filter((e) => e.node.kind === 'NOTE').every((e) => e.node.private)).toBe(true);
      expect(screen.suggestions!.map((s) => upstreamIdOf(s.id))).toEqual(activities.filter((a) => a.kind === 'suggestion' && a.status === 'pending').map((a) => a.id));
      expect(screen.capabilities).toEqual(expect.arrayContaining(['STAR', 'ARCHIVE', 'SEND_SUGGESTION']));
      expect(screen.lead).toBeNull();
    }
  });
});
