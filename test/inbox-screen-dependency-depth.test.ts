import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_WINDOW } from '../src/datasources/chatvolt/summary.js';
import { decodeId } from '../src/graph/ids.js';
import type { ChatvoltDb } from '../simulators/chatvolt/db.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { SIMULATED_SOURCES, type SimulatedSource } from '../simulators/index.js';
import { operation, startStack, type Stack } from './support/stack.js';
import { truthRows, type TruthRow } from './support/truth.js';

/**
 * The InboxScreen's dependent round trips, read from the simulators' own call timelines
 * (`GET /__admin/calls`: each platform call's start and end) with every platform answering slowly.
 * A call's depth is 1 + the depth of the deepest call that had ended before it started; the cold
 * InboxScreen must be lists → per-row reads: depth 2. The member directory, the counts and every
 * row's details start as soon as what they need is there, never after an unrelated call.
 *
 * The fixture is the default one (not chosen to avoid a chain): it holds Chatvolt threads whose
 * newest 31 messages hold no read visitor message, which once cost a third round trip (31, then
 * 62); the unread count now reads 100 at once (none of these needs more). One chain is the
 * platform's own and stays: VoiceGlow has no counts, and its list is paged by an opaque cursor
 * (20 a page), so the counts' walk of it takes one round trip per page, each waiting for the
 * previous page's cursor only (here 3 pages: depth 3 for that walk alone, asserted exactly).
 *
 * Latency is high on purpose, so a pause of the gateway's own (a busy machine) never looks like a
 * dependency; the test asserts counts only, never durations.
 */
const LATENCY_MS = 150;
const FIRST = 25;

interface PlatformCall {
  method: string;
  route: string;
  path: string;
  startMs: number;
  endMs: number;
}
type TimedCall = PlatformCall & { source: SimulatedSource; depth: number };

let stack: Stack;
let rows: TruthRow[];

beforeAll(async () => {
  // The default fixture (seed-1, the simulators' default size), not one chosen to avoid a chain.
  stack = await startStack({ cacheTtlMs: 0 });
  rows = truthRows(stack.sims.t1!);
  for (const s of SIMULATED_SOURCES) stack.sims.t1![s].server.setKnobs({ latencyMs: LATENCY_MS });
});
afterAll(async () => stack?.close());

async function clearTimelines(): Promise<void> {
  for (const s of SIMULATED_SOURCES) {
    const response = await fetch(`${stack.sims.t1!.urls[s]}/__admin/calls`, { method: 'DELETE' });
    expect(response.status).toBe(204);
  }
}

/** Every platform call since the last clear, with its depth. */
async function timeline(): Promise<TimedCall[]> {
  const calls: TimedCall[] = [];
  for (const source of SIMULATED_SOURCES) {
    const response = await fetch(`${stack.sims.t1!.urls[source]}/__admin/calls`);
    for (const call of (await response.json()) as PlatformCall[]) calls.push({ ...call, source, depth: 0 });
  }
  calls.sort((a, b) => a.startMs - b.startMs);
  for (const call of calls) {
    call.depth = 1 + Math.max(0, ...calls.filter((before) => before !== call && before.endMs <= call.startMs).map((before) => before.depth));
  }
  return calls;
}

const describeCall = (c: TimedCall) => `${c.source} ${c.method} ${c.path} (depth ${c.depth})`;

function upstreamOrder(source: TruthRow['source']): TruthRow[] {
  return rows.filter((r) => r.source === source).sort((a, b) => b.at - a.at || (a.upstreamId < b.upstreamId ? -1 : 1));
}

/** Threads whose newest `window` messages hold no read visitor message: an unread count read at that size must read again. */
function longUnreadRuns(ids: string[], window: number): number {
  const db = stack.sims.t1!.chatvolt.db as ChatvoltDb;
  return ids.filter((id) => {
    const thread = db.messagesOf(id);
    return thread.length > window && !thread.slice(-window).some((m) => m.from === 'human' && m.userId === null && m.read);
  }).length;
}

describe('InboxScreen dependency depth', () => {
  it('is 2 on a cold cache (lists, then per-row reads; the VoiceGlow cursor walk for counts is its own chain), with the call formula intact', async () => {
    // One request first, so the measured one runs on warm code (the cache TTL is 0: it is cold upstream).
    expect((await stack.gql(operation('InboxScreen'), { first: FIRST })).errors).toBeUndefined();
    await clearTimelines();
    stack.resetCounts();
    const result = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(operation('InboxScreen'), { first: FIRST });
    expect(result.errors).toBeUndefined();
    const calls = await timeline();

    const onPage = (source: string) =>
      result
        .data!.conversations.edges.map((e) => decodeId(e.node.id)!)
        .filter((d) => d.sourceKey === source)
        .map((d) => d.upstreamId);
    // The default fixture: every platform on the page, one list page each. It holds the case that
    // once made a third round trip (a thread whose newest 31 messages hold no read visitor message,
    // which a 31-message read had to follow with a 62-message one); read at 100, none needs a second read.
    for (const s of SIMULATED_SOURCES) expect(onPage(s).length, s).toBeGreaterThan(1);
    expect(longUnreadRuns(onPage('chatvolt'), 31)).toBeGreaterThan(0);
    expect(longUnreadRuns(onPage('chatvolt'), SUMMARY_WINDOW)).toBe(0);
    const voiceglowTotal = upstreamOrder('voiceglow').length;

    // The timelines saw exactly the calls the counters did.
    expect(Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, calls.filter((c) => c.source === s).length]))).toEqual(stack.upstreamCalls('t1'));

    // Depth 2, and each kind of call where it belongs: lists and counts first, per-row reads second.
    // VoiceGlow's list pages (the list, then the counts' cursor walk) are a chain of their own: page k at depth k.
    const voiceglowPages = Math.ceil(voiceglowTotal / 20);
    expect(voiceglowPages).toBe(3);
    const isVoiceglowPage = (c: TimedCall) => c.source === 'voiceglow' && c.route === '/v3/agents/:agentId/convos';
    expect(calls.filter(isVoiceglowPage).map((c) => c.depth)).toEqual(Array.from({ length: voiceglowPages }, (_, i) => i + 1));
    const screen = calls.filter((c) => !isVoiceglowPage(c));
    expect(screen.filter((c) => c.depth > 2).map(describeCall)).toEqual([]);
    expect(Math.max(...screen.map((c) => c.depth))).toBe(2);
    const firstRound = calls.filter((c) => c.depth === 1).map((c) => `${c.source} ${c.method} ${c.route}`);
    expect(firstRound).toEqual(
      expect.arrayContaining([
        'voxys GET /api/v1/accounts/:account_id/conversations',
        // The counts: mine (filter) and the other buckets (meta), beside the lists.
        'voxys POST /api/v1/accounts/:account_id/conversations/filter',
        'voxys GET /api/v1/accounts/:account_id/conversations/meta',
        'chatvolt GET /conversation',
        'voiceglow GET /v3/agents/:agentId/convos',
        'iron GET /api/v1/conversations',
      ]),
    );
    // The member directory is read beside the rows' own reads, not between the list and them.
    const members = calls.filter((c) => c.source === 'iron' && c.path.endsWith('/org/members'));
    expect(members.map((c) => c.depth)).toEqual([2]);

    // The call formula of test/inbox-screen-upstream-calls.test.ts, for this fixture (one list page
    // per platform, no doubling at 100): the calls are the same, only sooner.
    const voxysDb = stack.sims.t1!.voxys.db as VoxysDb;
    const nVoxys = onPage('voxys').length;
    const ironRows = upstreamOrder('iron');
    expect(stack.upstreamCalls('t1')).toEqual({
      voxys: 1 + (nVoxys === 1 ? 1 : Math.max(1, Math.ceil(voxysDb.leads.size / 100))) + 2,
      chatvolt: 1 + onPage('chatvolt').length,
      voiceglow: 1 + 2 * onPage('voiceglow').length + (Math.ceil(voiceglowTotal / 20) - 1),
      iron: 1 + (ironRows.slice(0, FIRST).some((r) => r.assignee !== null) ? 1 : 0) + onPage('iron').length + Math.ceil(ironRows.length / 100),
    });
  });

  it('ConversationScreen: one round trip (the thread, sidebar and directories start with the detail), two for a Chatvolt scenario', async () => {
    const page = await stack.gql<{ conversations: { edges: { node: { id: string; source: string } }[] } }>(operation('InboxScreen'), { first: FIRST });
    const nodes = page.data!.conversations.edges.map((e) => e.node);
    const seen = new Set<string>();
    for (const source of ['VOXYS', 'CHATVOLT', 'VOICEGLOW', 'IRON']) {
      for (const node of nodes.filter((n) => n.source === source).slice(0, 4)) {
        await clearTimelines();
        const screen = await stack.gql<{ conversation: { assignee: unknown; scenario: unknown; messages: { edges: unknown[] } } }>(operation('ConversationScreen'), {
          id: node.id,
        });
        expect(screen.errors, source).toBeUndefined();
        const calls = await timeline();
        const { conversation } = screen.data!;
        // Chatvolt's scenario steps are read by the scenario's id, which only its detail names; Voxys
        // pages a thread 20 messages at a time, each older page by the oldest id of the one before.
        const scenarioSteps = source === 'CHATVOLT' && conversation.scenario !== null;
        const olderPages = calls.filter((c) => c.source === 'voxys' && c.path.endsWith('/messages')).length - 1;
        seen.add(`${source}${scenarioSteps ? ' scenario' : ''}${olderPages > 0 ? ' older pages' : ''}${conversation.assignee ? ' assigned' : ''}`);
        expect(Math.max(...calls.map((c) => c.depth)), calls.map(describeCall).join('\n')).toBe(scenarioSteps ? 2 : 1 + Math.max(0, olderPages));
        // Each read is made once: what started ahead is what the fields' resolvers used.
        const reads = calls.filter((c) => c.depth === 1 || !c.path.endsWith('/messages')).map((c) => `${c.method} ${c.path}`);
        expect(new Set(reads).size, reads.join('\n')).toBe(reads.length);
        expect(conversation.messages.edges.length).toBeGreaterThan(0);
      }
    }
    // The fixture covers the chains that were deepest: an assigned Iron conversation, a Chatvolt one in a scenario.
    expect([...seen]).toEqual(expect.arrayContaining(['IRON assigned', 'CHATVOLT scenario assigned']));
  });
});
