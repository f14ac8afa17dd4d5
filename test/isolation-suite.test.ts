import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import { harvest, idsOf, operationsOf, ownStrings, single, typed, type Harvest } from './support/id-harvest.js';
import { operation, startStack, type Stack } from './support/stack.js';
import { truthRows } from './support/truth.js';

/**
 * Two tenants with different data, two users each, both tenants' caches warm. Every query and
 * mutation of operations/ and every id-taking field, called by one tenant with the other's ids
 * (every id of every type the screens hand out): each is refused with its code (NOT_FOUND; a type
 * that cannot be fetched by id may say BAD_USER_INPUT), the other tenant's platforms are never
 * called, nothing is written anywhere, and nothing of the other tenant's comes back. A cursor of
 * the other tenant pages only the caller's own inbox. Two users of one tenant share its data and
 * cache, never who "me" is. Live paths (subscriptions, `since`, webhooks, idempotency keys):
 * test/isolation-suite-live.test.ts.
 */
const TENANTS = ['acme', 'globex'] as const;
type Tenant = (typeof TENANTS)[number];
const SOURCES = ['voxys', 'chatvolt', 'voiceglow', 'iron'] as const;
/** Types `node` refuses whoever's the id is (BAD_USER_INPUT may come first); contacts and agents are fetchable: NOT_FOUND. */
const NOT_FETCHABLE = new Set(['Bot', 'Funnel', 'FunnelStage', 'Company']);
const SCREEN = operation('ConversationScreen');
const INBOX = operation('InboxScreen');
const ACTIONS = typed(operation('InboxActions'));
const NODE = `query($id: ID!) { node(id: $id) { __typename id } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;

let stack: Stack;
const harvested = {} as Record<Tenant, Harvest>;

beforeAll(async () => {
  stack = await startStack({
    tenants: [
      { id: 'acme', seed: 'isolation-acme', size: 12 },
      { id: 'globex', seed: 'isolation-globex', size: 12 },
    ],
    cacheTtlMs: 60_000,
  });
  // Each tenant's screens, as alice: every id, and every cache warm.
  for (const tenant of TENANTS) {
    // Iron's AI drafts two replies in its newest conversation (the first its screens read), so
    // Suggestion ids are handed out too.
    const newest = truthRows(stack.sims[tenant]!)
      .filter((row) => row.source === 'iron')
      .sort((a, b) => b.at - a.at)[0]!;
    for (let i = 0; i < 2; i++) await stack.sims[tenant]!.iron.live.injectSuggestion!(newest.upstreamId);
    harvested[tenant] = await harvest(stack, tenant, 'alice');
  }
});
afterAll(async () => stack?.close());

type Answer = Awaited<ReturnType<Stack['gql']>>;
const codesOf = (answer: Answer) => (answer.errors ?? []).map((e) => e.extensions?.code);
const describeId = (id: string) => JSON.stringify(decodeId(id));
const callsTo = (tenant: Tenant) => Object.values(stack.upstreamCalls(tenant)).reduce((a, b) => a + b, 0);
/** Calls that change something on a platform (Voxys's read-only filter POST aside). */
function writesTo(tenant: Tenant): string[] {
  return SOURCES.flatMap((s) =>
    Object.entries(stack.sims[tenant]![s].server.requestCounts().byRoute)
      .filter(([route, n]) => n > 0 && !route.startsWith('GET') && !route.includes('/filter'))
      .map(([route, n]) => `${s} ${route} ×${n}`),
  );
}

async function inBatches<T>(items: T[], each: (item: T) => Promise<void>, size = 6): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

describe.each([
  { attacker: 'globex' as Tenant, victim: 'acme' as Tenant, sub: 'alice' },
  { attacker: 'acme' as Tenant, victim: 'globex' as Tenant, sub: 'bob' },
])("$attacker ($sub) with $victim's ids", ({ attacker, victim, sub }) => {
  const leaked = (answers: string[]) => {
    const text = answers.join('\n');
    return ownStrings(harvested[victim], harvested[attacker]).filter((s) => text.includes(s));
  };

  it('ConversationScreen, node and nodes: every id of every type is refused; the other tenant is never called', async () => {
    expect(harvested[victim].ids.size).toBeGreaterThanOrEqual(8);
    stack.resetCounts();
    const answers: string[] = [];
    const wrong: string[] = [];
    await inBatches(idsOf(harvested[victim], 'Conversation'), async (id) => {
      const answer = await stack.gql(SCREEN, { id }, { tenant: attacker, sub });
      answers.push(JSON.stringify(answer));
      if ((answer.data as { conversation?: unknown } | null)?.conversation != null || codesOf(answer)[0] !== 'NOT_FOUND') {
        wrong.push(`ConversationScreen(${describeId(id)}): ${JSON.stringify(answer).slice(0, 200)}`);
      }
    });
    const all = [...harvested[victim].ids].flatMap(([type, ids]) => [...ids].map((id) => ({ type, id })));
    await inBatches(all, async ({ type, id }) => {
      const answer = await stack.gql<{ node: unknown }>(NODE, { id }, { tenant: attacker, sub });
      answers.push(JSON.stringify(answer));
      const allowed = NOT_FETCHABLE.has(type) ? ['NOT_FOUND', 'BAD_USER_INPUT'] : ['NOT_FOUND'];
      if (answer.data?.node != null || !allowed.includes(codesOf(answer)[0] as string)) wrong.push(`node(${type} ${describeId(id)}): ${JSON.stringify(answer).slice(0, 200)}`);
    });
    // nodes(ids): at most 100 a call, each foreign id null with its refusal.
    for (let i = 0; i < all.length; i += 100) {
      const batch = all.slice(i, i + 100);
      const bulk = await stack.gql<{ nodes: unknown[] }>(NODES, { ids: batch.map((x) => x.id) }, { tenant: attacker, sub });
      answers.push(JSON.stringify(bulk));
      expect(bulk.data?.nodes, 'nodes() answers one entry per id').toHaveLength(batch.length);
      bulk.data!.nodes.forEach((node, j) => node !== null && wrong.push(`nodes(${batch[j]!.type} ${describeId(batch[j]!.id)}): ${JSON.stringify(node)}`));
      const refused = batch.filter((x) => !NOT_FETCHABLE.has(x.type)).length;
      const notFound = codesOf(bulk).filter((c) => c === 'NOT_FOUND').length;
      if (notFound !== refused) wrong.push(`nodes(): ${notFound} NOT_FOUND errors for ${refused} fetchable foreign ids`);
    }

    expect(wrong, `${wrong.length} of ${all.length + idsOf(harvested[victim], 'Conversation').length} ids not refused:\n${wrong.slice(0, 12).join('\n')}`).toEqual([]);
    expect(leaked(answers), `${victim}'s data in ${attacker}'s answers`).toEqual([]);
    expect(callsTo(victim), `${victim}'s platforms called`).toBe(0);
  });

  it("every mutation of operations/InboxActions with the other tenant's ids: refused (NOT_FOUND), nothing written anywhere", async () => {
    const theirs = (type: string, n = 2) => idsOf(harvested[victim], type).slice(0, n);
    const theirConversations = SOURCES.map((s) => harvested[victim].conversations.get(s)![0]!);
    const mine = (source: string) => harvested[attacker].conversations.get(source)![0]!;
    const base = { content: 'cross-tenant probe', status: 'RESOLVED', priority: 'HIGH', enabled: true, add: ['probe'], notes: 'probe' };
    const calls: { operation: string; variables: Record<string, unknown> }[] = [];
    // The victim's saved views (Iron's), read before the counters are reset.
    const theirViews = (await stack.gql<{ inboxViews: { id: string; sourceKey: string | null }[] }>(`{ inboxViews { id sourceKey } }`, {}, { tenant: victim, sub }))
      .data!.inboxViews.filter((view) => view.sourceKey !== null)
      .map((view) => view.id);
    for (const op of operationsOf('InboxActions')) {
      const vars = new Set(op.variables);
      if (vars.has('conversationId') && !vars.has('stepId')) {
        for (const id of theirConversations) calls.push({ operation: op.name, variables: { ...base, conversationId: id, assigneeId: null } });
      }
      if (vars.has('assigneeId')) {
        for (const agent of theirs('Agent', 4)) calls.push({ operation: op.name, variables: { conversationId: mine(decodeId(agent)!.sourceKey), assigneeId: agent } });
      }
      if (vars.has('suggestionId')) for (const id of theirs('Suggestion')) calls.push({ operation: op.name, variables: { suggestionId: id } });
      if (vars.has('leadId')) for (const id of theirs('Lead')) calls.push({ operation: op.name, variables: { ...base, status: 'WON', leadId: id } });
      if (vars.has('contactId')) for (const id of theirs('Contact', 4)) calls.push({ operation: op.name, variables: { contactId: id, content: 'cross-tenant probe' } });
      if (vars.has('views')) {
        const fixed = ['Unread', 'Recents', 'Starred', 'All'].map((name) => ({ name }));
        for (const id of theirViews.slice(0, 2)) calls.push({ operation: op.name, variables: { sourceKey: 'iron', views: [...fixed, { id, name: 'probe' }] } });
      }
      if (vars.has('stepId')) {
        for (const id of theirs('ScenarioStep')) {
          calls.push({ operation: op.name, variables: { conversationId: mine(decodeId(id)!.sourceKey), stepId: id } });
          calls.push({ operation: op.name, variables: { conversationId: theirConversations[1], stepId: id } });
        }
      }
    }
    const aimed = new Set(calls.map((c) => c.operation));
    expect(
      operationsOf('InboxActions').filter((op) => !aimed.has(op.name)),
      'every mutation was aimed',
    ).toEqual([]);

    stack.resetCounts();
    const answers: string[] = [];
    const wrong: string[] = [];
    await inBatches(calls, async ({ operation: name, variables }) => {
      const answer = await stack.gql<Record<string, { userErrors?: { code: string }[]; conversation?: unknown }>>(single(ACTIONS, name), variables, { tenant: attacker, sub });
      answers.push(JSON.stringify(answer));
      const payload = Object.values(answer.data ?? {})[0];
      const codes = [...(payload?.userErrors ?? []).map((e) => e.code), ...codesOf(answer)];
      // An action the platform lacks may be refused as such first: decided from the id's platform alone, without a call.
      if (!['NOT_FOUND', 'UNSUPPORTED_BY_SOURCE'].includes(String(codes[0])) || payload?.conversation)
        wrong.push(`${name}(${JSON.stringify(variables)}): ${JSON.stringify(answer).slice(0, 200)}`);
    });
    expect(wrong, `${wrong.length} of ${calls.length} mutations not refused:\n${wrong.slice(0, 12).join('\n')}`).toEqual([]);
    expect(writesTo(victim), `${victim} written to`).toEqual([]);
    expect(writesTo(attacker), `${attacker} written to with ${victim}'s ids`).toEqual([]);
    expect(callsTo(victim)).toBe(0);
    expect(leaked(answers)).toEqual([]);
  });

  it("InboxScreen after the other tenant's cursor: only the caller's own rows, or a refusal", async () => {
    const own = await stack.gql<InboxData>(typed(INBOX), { first: 60 }, { tenant: attacker, sub });
    expect(own.errors).toBeUndefined();
    const ownRows = new Map(own.data!.conversations.edges.map((e) => [e.node.id, JSON.stringify(e.node)]));
    const first = await stack.gql<InboxData>(typed(INBOX), { first: 5 }, { tenant: victim });
    expect(first.errors).toBeUndefined();
    stack.resetCounts();
    const page = await stack.gql<InboxData>(typed(INBOX), { first: 25, after: first.data!.conversations.pageInfo.endCursor }, { tenant: attacker, sub });
    if (page.errors) expect(codesOf(page)).toEqual(['BAD_USER_INPUT']);
    // Who and what a row shows (times may move on between two reads of the caller's own inbox).
    const shown = (row: unknown) => {
      const r = row as Record<string, { name?: unknown; content?: unknown } | string | null> | null;
      return (
        r && {
          id: r.id,
          source: r.source,
          title: r.title,
          contact: (r.contact as { name?: unknown } | null)?.name,
          lastMessage: (r.lastMessage as { content?: unknown } | null)?.content,
        }
      );
    };
    for (const edge of page.data?.conversations.edges ?? []) expect(shown(edge.node), describeId(edge.node.id)).toEqual(shown(JSON.parse(ownRows.get(edge.node.id) ?? 'null')));
    expect(leaked([JSON.stringify(page)])).toEqual([]);
    expect(callsTo(victim)).toBe(0);
  });
});

type InboxData = {
  conversations: {
    counts: { mine: number };
    edges: { node: { id: string; assignee: { id: string; isMe: boolean | null } | null } }[];
    pageInfo: { endCursor: string | null };
  };
};

describe('two users of one tenant', () => {
  it.each(TENANTS)('%s: one cache, and each user is "me" only where the conversation is theirs', async (tenant) => {
    const users = stack.config.tenants[tenant]!.users;
    const answers = {} as Record<string, InboxData>;
    for (const sub of ['alice', 'bob']) answers[sub] = (await stack.gql<InboxData>(INBOX, { first: 60 }, { tenant, sub })).data!;
    for (const sub of ['alice', 'bob']) {
      const rows = answers[sub]!.conversations.edges.map((e) => e.node);
      const mine = rows.filter((row) => row.assignee && decodeId(row.assignee.id)!.upstreamId === users[sub]![decodeId(row.id)!.sourceKey]);
      for (const row of rows) if (row.assignee) expect(row.assignee.isMe, `${sub} ${describeId(row.id)}`).toBe(mine.includes(row));
      expect(mine.length, `${sub} is assigned something`).toBeGreaterThan(0);
      expect(answers[sub]!.conversations.counts.mine, `${sub}'s counts.mine`).toBeGreaterThanOrEqual(mine.length);
    }
    const strip = (data: InboxData) => data.conversations.edges.map((e) => ({ ...e.node, assignee: e.node.assignee?.id ?? null }));
    expect(strip(answers.bob!)).toEqual(strip(answers.alice!));
  });
});
