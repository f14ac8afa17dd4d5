import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../src/capabilities.js';
import { decodeId, encodeId } from '../src/graph/ids.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * Every inbox action through the gateway, on every conversation of every platform: each action the
 * capability matrix lists works and its effect shows in the next read; each one it does not list
 * answers UNSUPPORTED_BY_SOURCE without any platform call.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'actions-seed', size: 16 }] });
});
afterAll(async () => stack?.close());

const STATE = `query($id: ID!) { conversation(id: $id) {
  id source channel status priority unreadCount starred archived labels aiEnabled
  assignee { id isMe } lastMessage { id content private }
  scenario { id steps { id } } scenarioStep { id }
  suggestions { id content } lead { id status } capabilities } }`;

interface State {
  id: string;
  source: string;
  channel: string | null;
  status: string;
  priority: string | null;
  unreadCount: number | null;
  starred: boolean | null;
  archived: boolean | null;
  labels: string[];
  aiEnabled: boolean | null;
  assignee: { id: string; isMe: boolean } | null;
  lastMessage: { id: string; content: string | null; private: boolean } | null;
  scenario: { id: string; steps: { id: string }[] } | null;
  scenarioStep: { id: string } | null;
  suggestions: { id: string; content: string }[];
  lead: { id: string; status: string | null } | null;
  capabilities: string[];
}

type Payload = {
  userErrors: { code: string; message: string; field: string[] | null }[];
  conversation?: State | null;
  message?: { id: string; content: string; private: boolean } | null;
};

async function state(id: string): Promise<State> {
  const result = await stack.gql<{ conversation: State }>(STATE, { id });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!.conversation;
}

async function mutate(field: string, input: Record<string, unknown>, selection = 'conversation { id }'): Promise<Payload> {
  const result = await stack.gql<Record<string, Payload>>(`mutation($input: ${inputType(field)}!) { ${field}(input: $input) { ${selection} userErrors { code message field } } }`, {
    input,
  });
  expect(result.errors, `${field}: ${JSON.stringify(result.errors)}`).toBeUndefined();
  return result.data![field]!;
}

function inputType(field: string): string {
  return (
    {
      sendMessage: 'SendMessageInput',
      assignConversation: 'AssignConversationInput',
      archiveConversation: 'ArchiveConversationInput',
      setConversationStatus: 'SetConversationStatusInput',
      setConversationPriority: 'SetConversationPriorityInput',
      setConversationAiEnabled: 'SetConversationAiEnabledInput',
      updateConversationLabels: 'UpdateConversationLabelsInput',
      sendSuggestion: 'SuggestionActionInput',
      dismissSuggestion: 'SuggestionActionInput',
      moveConversationToScenarioStep: 'MoveConversationToScenarioStepInput',
      setLeadStatus: 'SetLeadStatusInput',
    }[field] ?? 'ConversationActionInput'
  );
}

const totalCalls = () => Object.values(stack.upstreamCalls('t1')).reduce((a, b) => a + b, 0);

/** Every conversation id of a source, through the merged inbox. */
async function conversationIds(source: string): Promise<string[]> {
  const result = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(
    `query($s: [Source!]) { conversations(first: 100, filter: { sources: $s }) { edges { node { id } } } }`,
    { s: [source.toUpperCase()] },
  );
  return result.data!.conversations.edges.map((e) => e.node.id);
}

function agentId(source: string, user: 'bob'): string {
  const config = stack.config.tenants.t1!.sources[source]!;
  const scope = 'accountId' in config ? config.accountId : 'orgId' in config ? config.orgId : 'agentId' in config && config.agentId ? config.agentId : '';
  return encodeId('Agent', { tenant: 't1', key: source, scope }, stack.sims.t1![source as 'voxys'].identities[user]);
}

const STATUSES: Record<string, string[]> = {
  voxys: ['OPEN', 'PENDING', 'SNOOZED', 'RESOLVED'],
  chatvolt: ['OPEN', 'HUMAN_REQUESTED', 'RESOLVED'],
  voiceglow: ['OPEN', 'HUMAN_REQUESTED', 'RESOLVED'],
};

/** Mutations that express each action (both directions where there are two). */
const UNSUPPORTED_PROBES: Record<string, (id: string) => [string, Record<string, unknown>]> = {
  SEND_MESSAGE: (id) => ['sendMessage', { conversationId: id, content: 'x' }],
  SEND_PRIVATE_NOTE: (id) => ['sendMessage', { conversationId: id, content: 'x', private: true }],
  MARK_READ: (id) => ['markConversationRead', { conversationId: id }],
  MARK_UNREAD: (id) => ['markConversationUnread', { conversationId: id }],
  STAR: (id) => ['starConversation', { conversationId: id }],
  ARCHIVE: (id) => ['archiveConversation', { conversationId: id }],
  ASSIGN: (id) => ['assignConversationToMe', { conversationId: id }],
  SET_STATUS: (id) => ['setConversationStatus', { conversationId: id, status: 'RESOLVED' }],
  SET_PRIORITY: (id) => ['setConversationPriority', { conversationId: id, priority: 'HIGH' }],
  SET_AI_ENABLED: (id) => ['setConversationAiEnabled', { conversationId: id, enabled: false }],
  SET_LABELS: (id) => ['updateConversationLabels', { conversationId: id, add: ['x'] }],
  MOVE_TO_SCENARIO_STEP: (id) => ['moveConversationToScenarioStep', { conversationId: id, stepId: id }],
};

const outcomes: Record<string, number> = {};
const count = (name: string) => (outcomes[name] = (outcomes[name] ?? 0) + 1);

describe.each(['voxys', 'chatvolt', 'voiceglow', 'iron'])('%s: every action on every conversation', (source) => {
  it('supported actions take effect; unsupported ones cost no call', async () => {
    const ids = await conversationIds(source);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    const supported = new Set<string>(capabilitiesOf(source as 'voxys'));
    const anyScenarioStep = source === 'chatvolt' ? await firstScenarioStep(ids) : null;

    for (const id of ids) {
      let s = await state(id);
      expect([...s.capabilities].sort()).toEqual([...supported].sort());

      for (const [action, probe] of Object.entries(UNSUPPORTED_PROBES)) {
        if (supported.has(action)) continue;
        const [field, input] = probe(id);
        const before = totalCalls();
        const payload = await mutate(field, input);
        expect(
          payload.userErrors.map((e) => e.code),
          `${source} ${action}`,
        ).toEqual(['UNSUPPORTED_BY_SOURCE']);
        expect(totalCalls() - before, `${source} ${action} called a platform`).toBe(0);
      }

      if (supported.has('MARK_UNREAD')) {
        expect((await mutate('markConversationUnread', { conversationId: id })).userErrors).toEqual([]);
        expect((await state(id)).unreadCount).toBeGreaterThanOrEqual(1);
      }
      if (supported.has('MARK_READ')) {
        expect((await mutate('markConversationRead', { conversationId: id })).userErrors).toEqual([]);
        expect((await state(id)).unreadCount).toBe(0);
      }
      if (supported.has('STAR')) {
        expect((await mutate('starConversation', { conversationId: id })).userErrors).toEqual([]);
        expect((await state(id)).starred).toBe(true);
        expect((await mutate('unstarConversation', { conversationId: id })).userErrors).toEqual([]);
        expect((await state(id)).starred).toBe(false);
      }
      if (supported.has('ARCHIVE')) {
        expect((await mutate('archiveConversation', { conversationId: id, archived: true })).userErrors).toEqual([]);
        expect((await state(id)).archived).toBe(true);
        expect((await mutate('archiveConversation', { conversationId: id, archived: false })).userErrors).toEqual([]);
        expect((await state(id)).archived).toBe(false);
      }
      if (supported.has('ASSIGN')) {
        const bob = agentId(source, 'bob');
        expect((await mutate('assignConversation', { conversationId: id, assigneeId: bob })).userErrors).toEqual([]);
        expect((await state(id)).assignee?.id).toBe(bob);
        expect((await mutate('assignConversationToMe', { conversationId: id })).userErrors).toEqual([]);
        expect((await state(id)).assignee?.isMe).toBe(true);
        const unassign = await mutate('assignConversation', { conversationId: id, assigneeId: null });
        if (source === 'chatvolt') {
          // Chatvolt's API can only assign (each assign replaces the previous): refused without a call.
          expect(unassign.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);
        } else {
          expect(unassign.userErrors).toEqual([]);
          expect((await state(id)).assignee).toBeNull();
        }
      }
      if (supported.has('SET_STATUS')) {
        s = await state(id);
        const target = STATUSES[source]!.find((x) => x !== s.status)!;
        expect((await mutate('setConversationStatus', { conversationId: id, status: target })).userErrors).toEqual([]);
        expect((await state(id)).status).toBe(target);
      }
      if (supported.has('SET_PRIORITY')) {
        s = await state(id);
        const target = s.priority === 'HIGH' ? 'LOW' : 'HIGH';
        expect((await mutate('setConversationPriority', { conversationId: id, priority: target })).userErrors).toEqual([]);
        expect((await state(id)).priority).toBe(target);
      }
      if (supported.has('SET_AI_ENABLED')) {
        for (const enabled of [false, true]) {
          expect((await mutate('setConversationAiEnabled', { conversationId: id, enabled })).userErrors).toEqual([]);
          expect((await state(id)).aiEnabled).toBe(enabled);
        }
      }
      if (supported.has('SET_LABELS')) {
        const before = new Set((await state(id)).labels);
        expect((await mutate('updateConversationLabels', { conversationId: id, add: ['follow-up-gw'] })).userErrors).toEqual([]);
        expect(new Set((await state(id)).labels)).toEqual(new Set([...before, 'follow-up-gw']));
        expect((await mutate('updateConversationLabels', { conversationId: id, remove: ['follow-up-gw'] })).userErrors).toEqual([]);
        expect(new Set((await state(id)).labels)).toEqual(before);
      }
      if (supported.has('MOVE_TO_SCENARIO_STEP')) {
        s = await state(id);
        const target = s.scenario?.steps.find((step) => step.id !== s.scenarioStep?.id)?.id ?? anyScenarioStep!;
        expect((await mutate('moveConversationToScenarioStep', { conversationId: id, stepId: target })).userErrors).toEqual([]);
        expect((await state(id)).scenarioStep?.id).toBe(target);
      }
      if (supported.has('SET_LEAD_STATUS') && s.lead) {
        const target = s.lead.status === 'WON' ? 'LOST' : 'WON';
        const payload = await mutate('setLeadStatus', { leadId: s.lead.id, status: target, notes: 'closed by gateway test' }, 'lead { id status }');
        expect(payload.userErrors).toEqual([]);
        expect((await state(id)).lead?.status).toBe(target);
        count('lead');
      }
      if (supported.has('SEND_SUGGESTION')) {
        const drafts = (await state(id)).suggestions;
        for (const [i, draft] of drafts.entries()) {
          const field = i % 2 === 0 ? 'sendSuggestion' : 'dismissSuggestion';
          const payload = await mutate(field, { suggestionId: draft.id }, 'suggestion { id status } conversation { id }');
          expect(payload.userErrors).toEqual([]);
          const after = await state(id);
          expect(after.suggestions.map((d) => d.id)).not.toContain(draft.id);
          if (field === 'sendSuggestion') expect(after.lastMessage?.content).toBe(draft.content);
          const again = await mutate(field, { suggestionId: draft.id });
          expect(again.userErrors.map((e) => e.code)).toEqual(['CONFLICT']);
          count(field);
        }
      }
      if (supported.has('SEND_MESSAGE')) {
        const content = `Reply ${randomUUID()}`;
        const payload = await mutate('sendMessage', { conversationId: id, content }, 'message { id content private } conversation { id }');
        const codes = payload.userErrors.map((e) => e.code);
        if (codes.length === 0) {
          expect(payload.message?.content).toBe(content);
          const after = await state(id);
          expect(after.lastMessage?.id).toBe(payload.message!.id);
          count('sent');
        } else if (source === 'chatvolt') {
          expect(codes).toEqual(['MESSAGING_WINDOW_CLOSED']);
          count('window-closed');
        } else {
          expect(source === 'iron' && s.channel === 'VOICE', `${source}: ${JSON.stringify(payload.userErrors)}`).toBe(true);
          expect(codes).toEqual(['INVALID_INPUT']);
          count('call-thread');
        }
      }
      if (supported.has('SEND_PRIVATE_NOTE')) {
        const content = `Note ${randomUUID()}`;
        const payload = await mutate('sendMessage', { conversationId: id, content, private: true }, 'message { id content private } conversation { id }');
        expect(payload.userErrors).toEqual([]);
        expect(payload.message?.private).toBe(true);
        expect((await state(id)).lastMessage?.id).toBe(payload.message!.id);
      }
    }
  });
});

async function firstScenarioStep(ids: string[]): Promise<string> {
  for (const id of ids) {
    const s = await state(id);
    if (s.scenario?.steps[0]) return s.scenario.steps[0].id;
  }
  throw new Error('no scenario in the data');
}

describe('business refusals reach userErrors with their codes', () => {
  it('the seeded cases produced each outcome at least once', () => {
    expect(outcomes.sent).toBeGreaterThan(0);
    expect(outcomes['window-closed'], 'MESSAGING_WINDOW_CLOSED').toBeGreaterThan(0);
    expect(outcomes.sendSuggestion, 'CONFLICT after send').toBeGreaterThan(0);
    expect(outcomes.lead).toBeGreaterThan(0);
  });

  it('NOT_A_MEMBER, NOT_FOUND, INVALID_INPUT without a call, and foreign ids', async () => {
    const [ironId] = await conversationIds('iron');
    const config = stack.config.tenants.t1!.sources.iron!;
    const stranger = encodeId('Agent', { tenant: 't1', key: 'iron', scope: 'orgId' in config ? config.orgId : '' }, randomUUID());
    const notMember = await mutate('assignConversation', { conversationId: ironId, assigneeId: stranger });
    expect(notMember.userErrors.map((e) => e.code)).toEqual(['NOT_A_MEMBER']);
    expect(notMember.userErrors[0]!.message).not.toMatch(/http|Bearer|detail/i);

    const decoded = decodeId(ironId!)!;
    const missing = encodeId('Conversation', { tenant: 't1', key: 'iron', scope: decoded.scope }, randomUUID());
    expect((await mutate('markConversationRead', { conversationId: missing })).userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);

    const [voxysId] = await conversationIds('voxys');
    const before = totalCalls();
    const bad = await mutate('setConversationStatus', { conversationId: voxysId, status: 'HUMAN_REQUESTED' });
    expect(bad.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);
    // One read of the conversation, no write.
    expect(totalCalls() - before).toBeLessThanOrEqual(1);

    // A malformed id is the client's mistake in a mutation as in a query: a BAD_USER_INPUT GraphQL
    // error naming the input field (test/malformed-ids-same-error-everywhere.test.ts).
    const garbage = await stack.gql(`mutation { markConversationRead(input: { conversationId: "garbage" }) { userErrors { code } } }`);
    expect(garbage.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', ['input', 'conversationId']]]);
    expect((await mutate('sendMessage', { conversationId: voxysId, content: '   ' })).userErrors).toEqual([
      { code: 'INVALID_INPUT', message: 'content must not be empty', field: ['input', 'content'] },
    ]);
  });
});
