import { randomUUID } from 'node:crypto';
import { Kind, parse, print, visit, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWebhooks } from '../src/demo.js';
import { decodeId, NODE_TYPES } from '../src/graph/ids.js';
import { operation, startStack, type Stack } from './support/stack.js';
import { settle, WsTestClient, type TestSubscription } from './support/ws.js';

/**
 * Every id the graph hands out names its object again: ids read from the screens (InboxScreen,
 * ConversationScreen with its CRM sidebar), from mutation payloads and from subscription events
 * all resolve through `node(id)` to the same type and the same id. Contacts and agents resolve
 * where their platform reads them by id (a Voxys contact; Voxys, Chatvolt and Iron agents) and are
 * NOT_FOUND elsewhere; Bot, Funnel, FunnelStage and Company are documented as not fetchable by id:
 * `node` answers BAD_USER_INPUT for them.
 */
const TENANT = 't1';
const SOURCES = ['voxys', 'chatvolt', 'voiceglow', 'iron'] as const;
type SourceName = (typeof SOURCES)[number];
const SECRETS = { voxys: 'ids-voxys-secret', chatvolt: 'ids-chatvolt-token' };
/** Types the schema documents as not fetchable by id (reached through their conversation). */
const NOT_FETCHABLE = new Set(['Bot', 'Funnel', 'FunnelStage', 'Company']);
/** The platforms that read a contact by id or list their team members (README, Federation). */
const READ_BY_ID: Record<string, ReadonlySet<string>> = { Contact: new Set(['voxys']), Agent: new Set(['voxys', 'chatvolt', 'iron']) };
/**
 * Chatvolt lists no members: its directory is the assignees of its conversations, so a member who
 * holds none (a message sender known only by user id) is NOT_FOUND there.
 */
const PARTIAL_DIRECTORY = new Set(['Agent chatvolt']);
/** `Type source` pairs that node resolved (the readers above must each have one). */
const resolvedBySource = new Set<string>();
/** Conversations read with ConversationScreen per source. */
const SCREENS_PER_SOURCE = 4;

let stack: Stack;
let ws: WsTestClient;

beforeAll(async () => {
  stack = await startStack({
    tenants: [{ id: TENANT, seed: 'ids-through-node', size: 10 }],
    sourceOverrides: { voxys: { webhookSecret: SECRETS.voxys }, chatvolt: { webhookSecret: SECRETS.chatvolt }, iron: { pollIntervalMs: 60_000 } },
  });
  connectWebhooks(stack.sims[TENANT]!, stack.url, TENANT, SECRETS);
  await ironPoller().tick(); // the first poll only sets the watermark
  ws = new WsTestClient(stack.url, await stack.token(TENANT));
});
afterAll(async () => {
  await ws?.close();
  await stack?.close();
});

function ironPoller() {
  return stack.gateway.pollers.find((p) => p.tenant.id === TENANT && p.sourceKey === 'iron')!;
}

// ---------------------------------------------------------------------------------------------
// Documents: the screens' own, with `__typename` on every object (as Apollo Client adds it).

/** The document with `__typename` in every selection set; with `name`, only that operation (and the fragments it uses). */
function typed(source: string, name?: string): string {
  let doc: DocumentNode = parse(source);
  if (name) doc = { ...doc, definitions: operationWithFragments(doc, name) };
  const typename: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };
  return print(
    visit(doc, {
      SelectionSet: (node, _key, parent) => {
        if (parent && 'kind' in parent && parent.kind === Kind.OPERATION_DEFINITION) return undefined;
        if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
        return { ...node, selections: [typename, ...node.selections] };
      },
    }),
  );
}

function operationWithFragments(doc: DocumentNode, name: string): (OperationDefinitionNode | FragmentDefinitionNode)[] {
  const fragments = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!op) throw new Error(`no operation ${name}`);
  const used = new Set<string>();
  const walk = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread: (spread) => {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        walk(fragments.get(spread.name.value)!);
      },
    });
  walk(op);
  return [op, ...[...used].map((f) => fragments.get(f)!)];
}

const INBOX = typed(operation('InboxScreen'));
const SCREEN = typed(operation('ConversationScreen'));
const ACTIONS = operation('InboxActions');
const NODE = `query($id: ID!) { node(id: $id) { __typename id } }`;

// ---------------------------------------------------------------------------------------------
// Collecting ids, and resolving them again.

interface Found {
  typename: string;
  id: string;
  /** Where it was first seen (for failure messages). */
  where: string;
}

const found = new Map<string, Found>();
/** The same id seen as two different types. */
const conflicts: string[] = [];
const checked = new Set<string>();

/** Records every object with an id in a response (its `__typename` was asked for everywhere). */
function collect(value: unknown, where: string): void {
  if (Array.isArray(value)) return value.forEach((item, i) => collect(item, `${where}[${i}]`));
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.id === 'string' && typeof record.__typename === 'string') {
    const known = found.get(record.id);
    if (!known) found.set(record.id, { typename: record.__typename, id: record.id, where });
    else if (known.typename !== record.__typename) conflicts.push(`${record.id}: ${known.typename} at ${known.where}, ${record.__typename} at ${where}`);
  }
  for (const [key, child] of Object.entries(record)) collect(child, `${where}.${key}`);
}

/** Asks `node` for every id collected and not yet checked; returns what did not come back the same. */
async function unresolved(): Promise<string[]> {
  const pending = [...found.values()].filter((f) => !checked.has(f.id));
  const problems: string[] = [];
  const check = async (f: Found) => {
    checked.add(f.id);
    const result = await stack.gql<{ node: { __typename: string; id: string } | null }>(NODE, { id: f.id });
    const readers = READ_BY_ID[f.typename];
    const bySource = `${f.typename} ${decodeId(f.id)!.sourceKey}`;
    if (result.data?.node?.id === f.id) resolvedBySource.add(bySource);
    if (PARTIAL_DIRECTORY.has(bySource) && result.data?.node == null && result.errors?.[0]?.extensions?.code === 'NOT_FOUND') return;
    if (readers && !readers.has(decodeId(f.id)!.sourceKey)) {
      const code = result.errors?.[0]?.extensions?.code;
      if (result.data?.node != null || code !== 'NOT_FOUND') problems.push(`${f.typename} ${f.id} (${f.where}): expected NOT_FOUND, got ${JSON.stringify(result)}`);
    } else if (NOT_FETCHABLE.has(f.typename)) {
      const code = result.errors?.[0]?.extensions?.code;
      if (result.data?.node != null || code !== 'BAD_USER_INPUT') problems.push(`${f.typename} ${f.id} (${f.where}): expected BAD_USER_INPUT, got ${JSON.stringify(result)}`);
    } else if (result.errors || result.data?.node?.__typename !== f.typename || result.data.node.id !== f.id) {
      problems.push(`${f.typename} ${f.id} (${f.where}): node answered ${JSON.stringify(result.data?.node ?? null)} ${JSON.stringify(result.errors ?? [])}`);
    }
  };
  for (let i = 0; i < pending.length; i += 6) await Promise.all(pending.slice(i, i + 6).map(check));
  return problems;
}

/** A query whose ids are collected. Errors fail the test, but what came back is still collected (one broken field hides nothing else). */
async function gql<T>(query: string, variables: Record<string, unknown>, where: string): Promise<T> {
  const result = await stack.gql<T>(query, variables);
  expect.soft(result.errors, `${where}: ${JSON.stringify(result.errors)}`).toBeUndefined();
  collect(result.data, where);
  return result.data!;
}

// ---------------------------------------------------------------------------------------------

type Row = { id: string; source: string; channel: string | null; lead: { id: string } | null };
type InboxData = { conversations: { edges: { node: Row }[] } };
type ScreenData = { conversation: { id: string; capabilities: string[] | null; lead: { id: string; status: string | null } | null; suggestions: { id: string }[] | null } };

const rows: Record<SourceName, Row[]> = { voxys: [], chatvolt: [], voiceglow: [], iron: [] };
const screens: Record<SourceName, ScreenData['conversation'][]> = { voxys: [], chatvolt: [], voiceglow: [], iron: [] };
const upstreamIdOf = (id: string) => decodeId(id)!.upstreamId;
/** The Iron conversation that gets AI drafts (not a call: a draft there is sent as a message). */
const draftTarget = () => rows.iron.find((r) => r.channel !== 'VOICE')!;
/** Drafts injected for the live events, then sent and dismissed. */
const injectedSuggestions: string[] = [];
/** Subscriptions left open while the mutations run (their events are checked at the end). */
const keepOpen: TestSubscription<Record<string, unknown>>[] = [];

describe('every id the graph hands out resolves through node(id)', () => {
  it('from the screens: InboxScreen (merged and per source) and ConversationScreen with its CRM sidebar', async () => {
    await gql<InboxData>(INBOX, { first: 25 }, 'InboxScreen');
    for (const source of SOURCES) {
      const inbox = await gql<InboxData>(INBOX, { first: 25, filter: { sources: [source.toUpperCase()] } }, `InboxScreen(${source})`);
      rows[source] = inbox.conversations.edges.map((e) => e.node);
      expect(rows[source].length, source).toBeGreaterThan(0);
      // Conversations with a lead first: they carry the richest sidebars.
      const picked = [...rows[source]].sort((a, b) => Number(b.lead !== null) - Number(a.lead !== null)).slice(0, SCREENS_PER_SOURCE);
      for (const row of picked) {
        const screen = await gql<ScreenData>(SCREEN, { id: row.id, last: 10 }, `ConversationScreen(${source} ${upstreamIdOf(row.id)})`);
        if (screen?.conversation) screens[source].push(screen.conversation);
      }
    }
    expect(conflicts).toEqual([]);
    expect([...new Set([...found.values()].map((f) => f.typename))].filter((t) => !(NODE_TYPES as readonly string[]).includes(t))).toEqual([]);
    expect(await unresolved()).toEqual([]);
    // Each platform that reads contacts or agents by id had some found again here.
    for (const [typename, readers] of Object.entries(READ_BY_ID)) {
      for (const source of readers) expect(resolvedBySource.has(`${typename} ${source}`), `${typename} from ${source} resolved`).toBe(true);
    }
  });

  it('from subscription events: messageAdded, suggestionAdded, conversationUpdated (webhooks and polling)', async () => {
    const messages = ws.subscribe(
      typed(
        `subscription { messageAdded { cursor message { id sender { ... on Contact { id } ... on Agent { id } } conversation { id } } conversation { id contact { id } assignee { id } lead { id } } } }`,
      ),
    );
    const suggestions = ws.subscribe(typed(`subscription { suggestionAdded { cursor suggestion { id conversation { id } } conversation { id } } }`));
    const updates = ws.subscribe(typed(`subscription { conversationUpdated { cursor conversation { id lastMessage { id } assignee { id } } } }`));
    await settle(200);

    const sims = stack.sims[TENANT]!;
    for (const source of SOURCES) await sims[source].live.injectInboundMessage(undefined, `ids through node ${source} ${randomUUID()}`);
    const iron = draftTarget();
    for (let i = 0; i < 2; i++) injectedSuggestions.push((await sims.iron.live.injectSuggestion!(upstreamIdOf(iron.id), `Draft ${i} ${randomUUID()}`)).id);
    await ironPoller().tick();

    const sourcesSeen = () =>
      [...new Set(messages.events.map((e) => decodeId((e.data as { messageAdded: { message: { id: string } } } | undefined)?.messageAdded.message.id ?? '')?.sourceKey))].sort();
    await expect.poll(sourcesSeen, { timeout: 20_000 }).toEqual([...SOURCES].sort());
    await suggestions.waitFor(2, 20_000);
    await updates.waitFor(1, 20_000);
    await settle(300);
    for (const [name, sub] of [
      ['messageAdded', messages],
      ['suggestionAdded', suggestions],
      ['conversationUpdated', updates],
    ] as const) {
      sub.events.forEach((event, i) => {
        expect(event.errors, name).toBeUndefined();
        collect(event.data, `${name}#${i}`);
      });
    }
    const drafts = suggestions.events.map((e) => upstreamIdOf((e.data as { suggestionAdded: { suggestion: { id: string } } }).suggestionAdded.suggestion.id));
    expect(drafts).toEqual(expect.arrayContaining(injectedSuggestions));
    expect(conflicts).toEqual([]);
    expect(await unresolved()).toEqual([]);
    keepOpen.push(messages, suggestions, updates);
  });

  it('from mutation payloads: markConversationRead, sendMessage, setLeadStatus, sendSuggestion, dismissSuggestion', async () => {
    type Payload = { conversation: { id: string } | null; message?: { id: string } | null; userErrors: unknown[] };
    for (const source of SOURCES) {
      const capabilities = screens[source][0]?.capabilities ?? [];
      // A platform may refuse one conversation for its own reasons (a closed messaging window):
      // each action must succeed on one of the conversations read.
      for (const [action, name, variables] of [
        ['MARK_READ', 'MarkRead', {}],
        ['SEND_MESSAGE', 'SendMessage', { content: `Sent for ids ${randomUUID()}` }],
      ] as const) {
        if (!capabilities.includes(action)) continue;
        let done = false;
        for (const screen of screens[source]) {
          const data = await gql<Record<string, Payload>>(typed(ACTIONS, name), { conversationId: screen.id, ...variables }, `${name}(${source})`);
          const payload = Object.values(data)[0]!;
          if (payload.userErrors.length > 0) continue;
          expect(payload.conversation?.id, `${name}(${source})`).toBe(screen.id);
          if (action === 'SEND_MESSAGE') expect(payload.message, source).not.toBeNull();
          done = true;
          break;
        }
        expect(done, `${name} on ${source}`).toBe(true);
      }
    }
    expect(await unresolved()).toEqual([]);
  });

  it("setLeadStatus: the payload's lead is Conversation.lead, id for id (Voxys), and resolves through node", async () => {
    const LEAD = typed(`query($id: ID!) { conversation(id: $id) { id lead { id status } } }`);
    const SET = typed(`mutation($leadId: ID!, $status: LeadStatus!) { setLeadStatus(input: { leadId: $leadId, status: $status }) {
      lead { id status notes } conversation { id lead { id status } } userErrors { code message field } } }`);
    let voxysChecked = false;
    for (const source of SOURCES) {
      for (const screen of screens[source].filter((s) => s.lead && s.capabilities?.includes('SET_LEAD_STATUS'))) {
        const before = await gql<{ conversation: { lead: { id: string; status: string | null } } }>(LEAD, { id: screen.id }, `Conversation.lead(${source})`);
        const status = before.conversation.lead.status === 'WON' ? 'OPEN' : 'WON';
        const payload = await gql<{
          setLeadStatus: { lead: { id: string; status: string } | null; conversation: { lead: { id: string } | null } | null; userErrors: { code: string }[] };
        }>(SET, { leadId: before.conversation.lead.id, status }, `setLeadStatus(${source})`);
        if (payload.setLeadStatus.userErrors.length > 0) {
          // A platform may refuse this transition; Voxys may not.
          expect(source).not.toBe('voxys');
          continue;
        }
        const after = await gql<{ conversation: { lead: { id: string; status: string | null } } }>(LEAD, { id: screen.id }, `Conversation.lead after(${source})`);
        expect(payload.setLeadStatus.lead?.id, source).toBe(before.conversation.lead.id);
        expect(payload.setLeadStatus.lead?.id, source).toBe(after.conversation.lead.id);
        expect(payload.setLeadStatus.conversation?.lead?.id, source).toBe(after.conversation.lead.id);
        expect(payload.setLeadStatus.lead?.status, source).toBe(status);
        expect(after.conversation.lead.status, source).toBe(status);
        if (source === 'voxys') voxysChecked = true;
        break;
      }
    }
    expect(voxysChecked).toBe(true);
    expect(conflicts).toEqual([]);
    expect(await unresolved()).toEqual([]);
  });

  it('sendSuggestion / dismissSuggestion: the payload names the same draft; the sent message and conversation resolve', async () => {
    const iron = draftTarget();
    const [toSend, toDismiss] = await Promise.all(
      injectedSuggestions.map(async (upstreamId) => {
        const f = [...found.values()].find((x) => x.typename === 'Suggestion' && upstreamIdOf(x.id) === upstreamId);
        expect(f, upstreamId).toBeDefined();
        return f!.id;
      }),
    );
    type SuggestionPayload = { suggestion: { id: string; status: string } | null; message: { id: string } | null; conversation: { id: string } | null; userErrors: unknown[] };
    const sent = await gql<{ sendSuggestion: SuggestionPayload }>(typed(ACTIONS, 'SendSuggestion'), { suggestionId: toSend }, 'sendSuggestion');
    const dismissed = await gql<{ dismissSuggestion: SuggestionPayload }>(typed(ACTIONS, 'DismissSuggestion'), { suggestionId: toDismiss }, 'dismissSuggestion');
    expect(sent.sendSuggestion.userErrors).toEqual([]);
    expect(dismissed.dismissSuggestion.userErrors).toEqual([]);
    expect(sent.sendSuggestion.suggestion).toEqual({ __typename: 'Suggestion', id: toSend, status: 'SENT' });
    expect(dismissed.dismissSuggestion.suggestion).toEqual({ __typename: 'Suggestion', id: toDismiss, status: 'DISMISSED' });
    expect(sent.sendSuggestion.conversation?.id).toBe(iron.id);
    // A draft sent or dismissed no longer exists as a draft: `node` answers null for it, as documented
    // ("null when it no longer exists"). Everything else in the payloads resolves.
    for (const id of [toSend, toDismiss]) {
      const gone = await stack.gql<{ node: unknown }>(NODE, { id });
      expect(gone.data?.node ?? null).toBeNull();
      expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await unresolved()).toEqual([]);
  });

  it("the mutations' own events resolve too, and every kind of id was seen", async () => {
    await settle(500);
    for (const sub of keepOpen) {
      sub.events.forEach((event, i) => collect(event.data, `event after mutations #${i}`));
      sub.dispose();
    }
    expect(conflicts).toEqual([]);
    expect(await unresolved()).toEqual([]);
    const kinds = new Set([...found.values()].map((f) => f.typename));
    expect([...kinds].sort()).toEqual([...NODE_TYPES].sort());
  });
});
