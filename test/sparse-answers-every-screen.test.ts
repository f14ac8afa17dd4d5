import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_SOURCES, type SimulatedSource } from '../simulators/index.js';
import { operation, startStack, type Stack } from './support/stack.js';

/**
 * The `sparse` simulator knob (simulators/common/sparse.ts) leaves optional fields out of, or
 * nulls them in, every platform's answers. Through the gateway, the InboxScreen and the
 * ConversationScreen of every platform must still answer every row, with no upstream answer
 * refused, and differ from the same screens read whole only where a field went missing: it is null
 * (or an empty list) instead, or it is one of the few values documented as derived from a missing
 * field (DERIVED below).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined;

const PLATFORMS: Record<SimulatedSource, string> = { voxys: 'VOXYS', chatvolt: 'CHATVOLT', voiceglow: 'VOICEGLOW', iron: 'IRON' };
/** Conversations read through the ConversationScreen per platform (the inbox reads them all). */
const SCREENS_PER_PLATFORM = 6;

/**
 * Values the graph computes from a field that may be missing (MAPPING.md of each platform): with
 * the field gone they change rather than turn null. Everything else may only turn null.
 */
const DERIVED: Record<SimulatedSource, RegExp[]> = {
  // A message's kind follows its conversation's channel (EMAIL, SMS; TEXT when the channel is unknown).
  voxys: [/^(messages\.edges\.\d+\.node|lastMessage)\.kind$/],
  chatvolt: [
    // Unread count counts visitor messages whose `read` is false (a missing `read` reads false).
    /^unreadCount$/,
    // A contact's name is `firstName lastName`: with one of them missing, the other alone (also as a sender).
    /^(contact|(messages\.edges\.\d+\.node|lastMessage)\.sender)\.name$/,
    // A team member is named from the assignees read in the request; without them, known by user id.
    /^(messages\.edges\.\d+\.node|lastMessage)\.sender\.id$/,
  ],
  voiceglow: [
    // No `state` reads OPEN (the published schema does not list it).
    /^status$/,
    // Unread: the last message is newer than `lastViewed` (or it was never viewed).
    /^unreadCount$/,
    // A message without its `mid` is known by its position in the transcript.
    /^(messages\.edges\.\d+\.node|lastMessage)\.id$/,
    // A row without `origin` takes the channel from the document's `userPlatform`.
    /^channel$/,
    // A teammate known only by the legacy `chatAssignedTo` keeps the same id.
    /^(assignee|lead\.owner)\.(name|email)$/,
    // The SLA is the earliest due date of the open CRM activities (one that does not say it is
    // completed counts as open), overdue computed from it when the platform's alert is missing.
    /^sla\.(dueAt|overdue)$/,
    // A task without `completed` is PENDING; without a due date it is not overdue.
    /^tasks\.\d+\.(status|overdue)$/,
  ],
  // Overdue without Iron's flag: the due time is past.
  iron: [/^sla\.overdue$/],
};

/** Leaves of a JSON value by path (`a.b.0.c`); empty lists and objects are leaves too. */
function leaves(value: Json, path = '', out = new Map<string, Json>()): Map<string, Json> {
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) leaves(child as Json, path ? `${path}.${key}` : key, out);
  } else out.set(path, value);
  return out;
}

/** Where the sparse screen differs from the whole one other than by a missing (null / empty) value. */
function changedBeyondMissing(whole: Json, sparse: Json, derived: RegExp[]): string[] {
  const sparseLeaves = leaves(sparse);
  const problems: string[] = [];
  for (const [path, value] of leaves(whole)) {
    const now = sparseLeaves.has(path) ? sparseLeaves.get(path)! : null;
    if (JSON.stringify(now) === JSON.stringify(value)) continue;
    if (now === null || (Array.isArray(now) && now.length === 0) || now === '') continue;
    if (derived.some((pattern) => pattern.test(path))) continue;
    problems.push(`${path}: ${JSON.stringify(value)} → ${JSON.stringify(now)}`);
  }
  // Nothing appears that the whole answer did not have (a parent that went null takes its leaves with it).
  for (const [path, value] of sparseLeaves) {
    const prefixOfWhole = [...leaves(whole).keys()].some((known) => known === path || known.startsWith(`${path}.`) || path.startsWith(`${known}.`));
    if (!prefixOfWhole && value !== null && !(Array.isArray(value) && value.length === 0)) problems.push(`${path}: appeared as ${JSON.stringify(value)}`);
  }
  return problems;
}

interface Screens {
  inbox: Map<string, Json>;
  conversations: Map<string, Json>;
  errors: Errors[];
  missingSources: Json[];
}

let stack: Stack;

async function readScreens(platform: SimulatedSource, ids?: string[]): Promise<Screens> {
  const inboxAnswer = await stack.gql<{ conversations: { edges: { node: { id: string } & Record<string, Json> }[]; missingSources: Json[]; pageInfo: { hasNextPage: boolean } } }>(
    operation('InboxScreen'),
    { first: 100, filter: { sources: [PLATFORMS[platform]] } },
  );
  const connection = inboxAnswer.data!.conversations;
  expect(connection.pageInfo.hasNextPage).toBe(false);
  const inbox = new Map(connection.edges.map((edge) => [edge.node.id, edge.node as Json]));
  const conversations = new Map<string, Json>();
  const errors: Errors[] = [inboxAnswer.errors];
  for (const id of ids ?? [...inbox.keys()].slice(0, SCREENS_PER_PLATFORM)) {
    const answer = await stack.gql<{ conversation: Json }>(operation('ConversationScreen'), { id });
    errors.push(answer.errors);
    conversations.set(id, answer.data?.conversation ?? null);
  }
  return { inbox, conversations, errors, missingSources: connection.missingSources };
}

function setSparse(value: unknown): void {
  for (const source of SIMULATED_SOURCES) {
    const problem = stack.sims.t1![source].server.setKnobs({ sparse: value });
    if (problem) throw new Error(problem);
  }
}

/** Platforms whose simulator declares the shapes of its answers (simulators/<platform>/shapes.ts). */
const declared = (): SimulatedSource[] => SIMULATED_SOURCES.filter((source) => stack.sims.t1![source].server.platform.shapes !== undefined);

beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'sparse-screens', size: 24 }], cacheTtlMs: 0 });
});

afterAll(async () => {
  await stack.close();
});

describe('with the sparse knob on, every platform answers its two screens whole but for the missing fields', () => {
  it('every platform declares the shapes of its answers', () => {
    expect(declared()).toEqual([...SIMULATED_SOURCES]);
  });

  for (const platform of SIMULATED_SOURCES) {
    it(`${platform}: InboxScreen and ConversationScreen, no row or page refused, only missing fields null`, async () => {
      setSparse(null);
      const whole = await readScreens(platform);
      setSparse({ rate: 0.6, seed: 'sparse-screens' });
      try {
        const sparse = await readScreens(platform, [...whole.conversations.keys()]);
        const again = await readScreens(platform, [...whole.conversations.keys()]);

        // Nothing refused: no error entry at all (no UPSTREAM_REJECTED page, no unreadable row), no source missing.
        for (const errors of [...whole.errors, ...sparse.errors]) expect(errors ?? []).toEqual([]);
        expect(sparse.missingSources).toEqual([]);
        // Every row is there, and every conversation screen answers.
        expect([...sparse.inbox.keys()].sort()).toEqual([...whole.inbox.keys()].sort());
        expect(whole.inbox.size).toBeGreaterThan(SCREENS_PER_PLATFORM);
        for (const [id, screen] of sparse.conversations) expect(screen, `conversation ${id}`).not.toBeNull();

        const problems: string[] = [];
        let missing = 0;
        for (const [id, row] of whole.inbox) {
          problems.push(...changedBeyondMissing(row, sparse.inbox.get(id)!, DERIVED[platform]).map((p) => `inbox ${id} ${p}`));
          missing += [...leaves(sparse.inbox.get(id)!).values()].filter((v) => v === null).length - [...leaves(row).values()].filter((v) => v === null).length;
        }
        for (const [id, screen] of whole.conversations) {
          problems.push(...changedBeyondMissing(screen, sparse.conversations.get(id)!, DERIVED[platform]).map((p) => `conversation ${id} ${p}`));
        }
        expect(problems).toEqual([]);
        // The knob did take fields away, and the same seed takes the same ones every time.
        expect(missing).toBeGreaterThan(0);
        expect([...again.inbox.entries()]).toEqual([...sparse.inbox.entries()]);
        expect([...again.conversations.entries()]).toEqual([...sparse.conversations.entries()]);
      } finally {
        setSparse(null);
      }
    });
  }
});
