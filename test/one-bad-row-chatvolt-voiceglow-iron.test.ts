import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import type { ChatvoltDb } from '../simulators/chatvolt/db.js';
import type { IronDb } from '../simulators/iron/db.js';
import type { VoiceglowDb } from '../simulators/voiceglow/db.js';
import { SIMULATED_SOURCES } from '../simulators/index.js';
import { operation, startStack, type Stack } from './support/stack.js';

/**
 * One bad row costs one row, on Chatvolt, VoiceGlow and Iron (the shared helper of
 * src/datasources/shared/rows.ts): a conversation the gateway cannot read is left out of the inbox
 * with one error entry naming its source and id, the other rows are answered; a message it cannot
 * read is left out of its thread, the other messages are answered.
 */

type Errors = { message: string; extensions?: Record<string, unknown> }[];
interface Inbox {
  conversations: { edges: { node: { id: string } }[]; missingSources: string[]; pageInfo: { hasNextPage: boolean } };
}
interface Screen {
  conversation: { messages: { edges: { node: { id: string; content: string | null } }[] } } | null;
}

let stack: Stack;
const sims = () => stack.sims.t1!;

beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'bad-rows', size: 12 }], cacheTtlMs: 0 });
  // Records are broken on purpose below: these simulators answer off their contracts (not checked).
  for (const source of SIMULATED_SOURCES) stack.sims.t1![source].server.offContract = () => true;
});

afterAll(async () => {
  await stack.close();
});

async function inbox(source: string): Promise<{ ids: string[]; errors: Errors; missing: string[] }> {
  const answer = await stack.gql<Inbox>(operation('InboxScreen'), { first: 100, filter: { sources: [source] } });
  const connection = answer.data!.conversations;
  return { ids: connection.edges.map((edge) => decodeId(edge.node.id)!.upstreamId), errors: (answer.errors ?? []) as Errors, missing: connection.missingSources };
}

function expectOneUnreadableRow(errors: Errors, source: string, upstreamId: string | null): void {
  expect(errors).toHaveLength(1);
  expect(errors[0]!.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', reason: 'UNREADABLE_ROW', source, upstreamId });
}

async function screenOf(source: string, upstreamId: string): Promise<{ answer: Screen; errors: Errors }> {
  const listed = await stack.gql<Inbox>(operation('InboxScreen'), { first: 100, filter: { sources: [source] } });
  const id = listed.data!.conversations.edges.map((edge) => edge.node.id).find((graphId) => decodeId(graphId)!.upstreamId === upstreamId)!;
  const answer = await stack.gql<Screen>(operation('ConversationScreen'), { id, last: 100 });
  return { answer: answer.data!, errors: (answer.errors ?? []) as Errors };
}

describe('Chatvolt', () => {
  it('a conversation with no readable time is left out with one error entry; a message with none is left out of its thread', async () => {
    const db = sims().chatvolt.db as ChatvoltDb;
    const [bad, other] = [...db.conversations.values()];
    const times = { createdAt: bad!.createdAt, updatedAt: bad!.updatedAt };
    bad!.createdAt = 'not a time';
    bad!.updatedAt = 'not a time';
    try {
      const { ids, errors, missing } = await inbox('CHATVOLT');
      expect(missing).toEqual([]);
      expect(ids.sort()).toEqual([...db.conversations.keys()].filter((id) => id !== bad!.id).sort());
      expectOneUnreadableRow(errors, 'CHATVOLT', bad!.id);
    } finally {
      Object.assign(bad!, times);
    }

    const thread = db.messagesOf(other!.id);
    const broken = thread[Math.floor(thread.length / 2)]!;
    const createdAt = broken.createdAt;
    broken.createdAt = 'yesterday';
    try {
      const { answer, errors: threadErrors } = await screenOf('CHATVOLT', other!.id);
      expect(answer.conversation!.messages.edges.map((edge) => decodeId(edge.node.id)!.upstreamId)).toEqual(thread.filter((m) => m !== broken).map((m) => m.id));
      expectOneUnreadableRow(threadErrors, 'CHATVOLT', broken.id);
    } finally {
      broken.createdAt = createdAt;
    }
  });
});

describe('VoiceGlow', () => {
  it('a list row without an ID is left out with one error entry; an unreadable transcript turn is left out, the other messages keep their cursors', async () => {
    const db = sims().voiceglow.db as VoiceglowDb;
    const listed = db.listed();
    const bad = listed[2]!;
    const badId = bad.doc.ID;
    const listRow = db.listRow.bind(db);
    db.listRow = (record) => (record === bad ? { ...listRow(record), ID: '' } : listRow(record));
    try {
      const { ids, errors, missing } = await inbox('VOICEGLOW');
      expect(missing).toEqual([]);
      expect(ids).toEqual(listed.filter((record) => record !== bad).map((record) => record.doc.ID));
      expectOneUnreadableRow(errors, 'VOICEGLOW', null);
      expect(badId).not.toBe('');
    } finally {
      db.listRow = listRow;
    }

    const record = listed.find((r) => r.turns.filter((turn) => turn.from !== 'system').length > 4)!;
    const turnIndex = record.turns.findIndex((turn, i) => i > 0 && turn.from === 'human');
    const turn = record.turns[turnIndex]!;
    const kept = turn.messages;
    (turn as { messages: unknown }).messages = 'not a list';
    try {
      const { answer, errors: threadErrors } = await screenOf('VOICEGLOW', record.doc.ID);
      const texts = answer.conversation!.messages.edges.map((edge) => edge.node.content);
      const expected = record.turns.filter((t) => t !== turn).flatMap((t) => t.messages.filter((m) => m.type !== 'launch').map((m) => m.item.payload.message ?? null));
      expect(texts).toEqual(expected.slice(-100));
      expectOneUnreadableRow(threadErrors, 'VOICEGLOW', null);
    } finally {
      turn.messages = kept;
    }
  });
});

describe('Iron', () => {
  it('a conversation without an id is left out with one error entry; so is an activity, the others are answered', async () => {
    const db = sims().iron.db as IronDb;
    const [bad, other] = db.inListOrder();
    const realId = bad!.id;
    bad!.id = '';
    try {
      const { ids, errors, missing } = await inbox('IRON');
      expect(missing).toEqual([]);
      expect(ids).toEqual(
        db
          .inListOrder()
          .filter((c) => c !== bad)
          .map((c) => c.id),
      );
      expectOneUnreadableRow(errors, 'IRON', null);
    } finally {
      bad!.id = realId;
    }

    const thread = db.thread(other!.id);
    const broken = thread.findLast((a) => a.kind !== 'suggestion')!;
    const brokenId = broken.id;
    broken.id = '';
    try {
      const { answer, errors: threadErrors } = await screenOf('IRON', other!.id);
      const shown = answer.conversation!.messages.edges.map((edge) => decodeId(edge.node.id)!.upstreamId);
      expect(shown).not.toContain('');
      expect(shown).toEqual(
        thread
          .filter((a) => a.kind !== 'suggestion' && a !== broken)
          .slice(-100)
          .map((a) => a.id),
      );
      expectOneUnreadableRow(threadErrors, 'IRON', null);
    } finally {
      broken.id = brokenId;
    }
  });
});
