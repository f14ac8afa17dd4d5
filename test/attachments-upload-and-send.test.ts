import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import { newUploadId } from '../src/uploads/upload-id.js';
import type { IronDb } from '../simulators/iron/db.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { operation, startStack, type Stack } from './support/stack.js';
import { settle, WsTestClient } from './support/ws.js';

/**
 * sendMessage with files, end to end over real servers: `POST /uploads` (multipart, the bearer
 * token, limits from `uploads`), then a send on Iron (its media endpoint, then the message naming
 * the media) and on Voxys (one multipart message): the file is in the platform's thread, opens at
 * its URL with the same bytes, shows in the next ConversationScreen read and in `messageAdded`.
 * A retried send with the same key uploads and sends nothing more. Chatvolt and VoiceGlow refuse
 * with no platform call. The upload route's refusals, and upload ids of another tenant or user,
 * wrong, malformed or expired ones.
 */

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const MAX_BYTES = 64 * 1024;

let stack: Stack;
const clients: WsTestClient[] = [];

beforeAll(async () => {
  stack = await startStack({
    tenants: [
      { id: 't1', seed: 'attach-1', size: 12 },
      { id: 't2', seed: 'attach-2', size: 4 },
    ],
    config: { uploads: { maxBytes: MAX_BYTES, allowedTypes: ['image/png', 'application/pdf', 'text/*'], ttlSeconds: 600 } },
  });
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.close();
});

interface UploadAnswer {
  status: number;
  body: { id: string; filename: string; contentType: string; size: number; expiresAt: string } & { errors?: { message: string; extensions: { code: string } }[] };
}

async function upload(file: { bytes: Buffer; type: string; name: string }, auth: { tenant?: string; sub?: string; token?: string | null } = {}): Promise<UploadAnswer> {
  const token = auth.token === null ? null : (auth.token ?? (await stack.token(auth.tenant ?? 't1', auth.sub)));
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const response = await fetch(`${stack.url}/uploads`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
  return { status: response.status, body: (await response.json()) as UploadAnswer['body'] };
}

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  message { id content direction attachments { url name contentType } }
  userErrors { code message field } } }`;

interface Sent {
  sendMessage: {
    message: { id: string; content: string | null; direction: string; attachments: { url: string; name: string | null; contentType: string | null }[] } | null;
    userErrors: { code: string; message: string; field: string[] | null }[];
  };
}

/** A conversation of that source the gateway can reply in (Iron: a text thread). */
async function conversationOf(source: string, tenant = 't1'): Promise<string> {
  const answer = await stack.gql<{ conversations: { edges: { node: { id: string; channel: string | null; capabilities: string[] } }[] } }>(
    `{ conversations(first: 50, filter: { sources: [${source}] }) { edges { node { id channel capabilities } } } }`,
    {},
    { tenant },
  );
  const node = answer.data!.conversations.edges.map((e) => e.node).find((n) => source !== 'IRON' || n.channel === 'SMS' || n.channel === 'EMAIL');
  if (!node) throw new Error(`no ${source} conversation`);
  return node.id;
}

const callsTo = (source: 'iron' | 'voxys', route: string): number => stack.sims.t1![source].server.requestCounts().byRoute[route] ?? 0;

describe('POST /uploads then sendMessage with attachments', () => {
  it.each([
    ['IRON', 'iron', ['POST /api/v1/conversations/media', 'POST /api/v1/conversations/:conversation_id/messages']],
    ['VOXYS', 'voxys', ['POST /api/v1/accounts/:account_id/conversations/:conversation_id/messages']],
  ] as const)('%s: the file reaches the thread, opens with the same bytes, shows in the next read and live; a retry sends nothing more', async (source, type, routes) => {
    const conversationId = await conversationOf(source);
    const ws = new WsTestClient(stack.url, await stack.token('t1'));
    clients.push(ws);
    const sub = ws.subscribe<{ messageAdded: { message: { id: string; attachments: { name: string | null }[] } } }>(
      `subscription($id: ID!) { messageAdded(conversationId: $id) { message { id attachments { name } } } }`,
      { id: conversationId },
    );
    await settle(150);
    // The screen is read (and cached) before the send: the next read must still show the file.
    await stack.gql(operation('ConversationScreen'), { id: conversationId });

    const uploaded = await upload({ bytes: PNG, type: 'image/png', name: 'C:\\Users\\ana\\receipt.png' });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ filename: 'receipt.png', contentType: 'image/png', size: PNG.length });
    expect(Date.parse(uploaded.body.expiresAt)).toBeGreaterThan(Date.now() + 500_000);

    const before = routes.map((route) => callsTo(type, route));
    const input = { conversationId, content: `Your receipt ${randomUUID()}`, attachments: [uploaded.body.id], idempotencyKey: randomUUID() };
    const sent = await stack.gql<Sent>(SEND, { input });
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendMessage.userErrors).toEqual([]);
    const message = sent.data!.sendMessage.message!;
    expect(message).toMatchObject({ content: input.content, direction: 'OUTBOUND' });
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]!.name).toBe('receipt.png');
    // Iron says the type; Voxys (Chatwoot) gives a file type only.
    expect(message.attachments[0]!.contentType).toBe(type === 'iron' ? 'image/png' : null);
    expect(routes.map((route) => callsTo(type, route))).toEqual(before.map((n) => n + 1));

    // The platform stored the file: its URL answers the very bytes.
    const file = await fetch(message.attachments[0]!.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);

    // The same key again: the same message, no upload, no send.
    const retried = await stack.gql<Sent>(SEND, { input });
    expect(retried.data!.sendMessage.message!.id).toBe(message.id);
    expect(routes.map((route) => callsTo(type, route))).toEqual(before.map((n) => n + 1));

    // The next ConversationScreen read (within the cache TTL) shows it with its file.
    const screen = await stack.gql<{ conversation: { messages: { edges: { node: { id: string; attachments: { url: string; name: string | null }[] } }[] } } }>(
      operation('ConversationScreen'),
      { id: conversationId },
    );
    const shown = screen.data!.conversation.messages.edges.map((e) => e.node).find((n) => n.id === message.id);
    expect(shown?.attachments).toEqual([expect.objectContaining({ url: message.attachments[0]!.url, name: 'receipt.png' })]);

    // Subscribers get it with its file.
    const [event] = await sub.waitFor(1);
    expect(event!.data!.messageAdded.message).toEqual({ id: message.id, attachments: [{ name: 'receipt.png' }] });

    // The upload is not used up: another send (another key) attaches it again.
    const again = await stack.gql<Sent>(SEND, { input: { ...input, content: 'Sent once more', idempotencyKey: randomUUID() } });
    expect(again.data!.sendMessage.message!.attachments).toHaveLength(1);
    expect(again.data!.sendMessage.message!.id).not.toBe(message.id);
  });

  it('VOXYS: a send whose answer was lost is found by the retry (same key): one message with its file', async () => {
    const conversationId = await conversationOf('VOXYS');
    const uploaded = await upload({ bytes: PNG, type: 'image/png', name: 'lost.png' });
    const input = { conversationId, content: `Lost answer ${randomUUID()}`, attachments: [uploaded.body.id], idempotencyKey: randomUUID() };
    const upstreamId = decodeId(conversationId)!.upstreamId;
    const stored = () => (stack.sims.t1!.voxys.db as VoxysDb).thread(Number(upstreamId)).filter((m) => m.content === input.content);
    // Voxys stores the message, then the connection is reset: nobody knows whether it was sent.
    stack.sims.t1!.voxys.server.setKnobs({ resetAfterHandling: 1 });
    const lost = await stack.gql<Sent>(SEND, { input });
    expect(lost.errors?.[0]?.extensions).toMatchObject({ reason: 'OUTCOME_UNKNOWN', retryable: true });
    expect(stored()).toHaveLength(1);
    const retry = await stack.gql<Sent>(SEND, { input });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.sendMessage.message!.attachments.map((a) => a.name)).toEqual(['lost.png']);
    expect(stored()).toHaveLength(1);
    expect(stored()[0]!.attachments).toHaveLength(1);
  });

  it('IRON: a media upload whose answer was lost sent no message: the retry uploads again and sends once', async () => {
    const conversationId = await conversationOf('IRON');
    const uploaded = await upload({ bytes: PNG, type: 'image/png', name: 'retry.png' });
    const input = { conversationId, content: `Media lost ${randomUUID()}`, attachments: [uploaded.body.id], idempotencyKey: randomUUID() };
    const stored = () => (stack.sims.t1!.iron.db as IronDb).thread(decodeId(conversationId)!.upstreamId).filter((a) => a.body === input.content);
    const media = () => callsTo('iron', 'POST /api/v1/conversations/media');
    const before = media();
    stack.sims.t1!.iron.server.setKnobs({ resetAfterHandling: 1 });
    const failed = await stack.gql<Sent>(SEND, { input });
    expect(failed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(failed.errors?.[0]?.extensions?.reason).toBeUndefined();
    expect(stored()).toHaveLength(0);
    const retry = await stack.gql<Sent>(SEND, { input });
    expect(retry.data!.sendMessage.message!.attachments.map((a) => a.name)).toEqual(['retry.png']);
    expect(stored()).toHaveLength(1);
    expect(media() - before).toBe(2);
  });

  it('a message of files only needs no text', async () => {
    const conversationId = await conversationOf('VOXYS');
    const uploaded = await upload({ bytes: Buffer.from('%PDF-1.4 quote'), type: 'application/pdf', name: 'quote.pdf' });
    const sent = await stack.gql<Sent>(SEND, { input: { conversationId, content: '', attachments: [uploaded.body.id] } });
    expect(sent.data!.sendMessage.userErrors).toEqual([]);
    expect(sent.data!.sendMessage.message!.attachments.map((a) => a.name)).toEqual(['quote.pdf']);
  });

  it.each(['CHATVOLT', 'VOICEGLOW'])('%s: UNSUPPORTED_BY_SOURCE without any platform call, and no SEND_ATTACHMENTS capability', async (source) => {
    const conversationId = await conversationOf(source);
    const uploaded = await upload({ bytes: PNG, type: 'image/png', name: 'a.png' });
    stack.resetCounts();
    const answer = await stack.gql<Sent>(SEND, { input: { conversationId, content: 'With a file', attachments: [uploaded.body.id] } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.sendMessage).toMatchObject({ message: null, userErrors: [{ code: 'UNSUPPORTED_BY_SOURCE' }] });
    expect(Object.values(stack.upstreamCalls('t1')).reduce((a, b) => a + b, 0)).toBe(0);
    const caps = await stack.gql<{ node: { capabilities: string[] } }>(`query($id: ID!) { node(id: $id) { ... on Conversation { capabilities } } }`, { id: conversationId });
    expect(caps.data!.node.capabilities).not.toContain('SEND_ATTACHMENTS');
  });

  it('Iron and Voxys conversations list SEND_ATTACHMENTS', async () => {
    for (const source of ['IRON', 'VOXYS']) {
      const caps = await stack.gql<{ node: { capabilities: string[] } }>(`query($id: ID!) { node(id: $id) { ... on Conversation { capabilities } } }`, {
        id: await conversationOf(source),
      });
      expect(caps.data!.node.capabilities).toContain('SEND_ATTACHMENTS');
    }
  });
});

describe('upload ids belong to their tenant and user', () => {
  it("another tenant's, another user's and a wrong id are the same NOT_FOUND; a malformed one BAD_USER_INPUT; an expired one UPLOAD_EXPIRED: no platform call", async () => {
    const conversationId = await conversationOf('IRON');
    const theirs = await upload({ bytes: PNG, type: 'image/png', name: 't2.png' }, { tenant: 't2' });
    const bobs = await upload({ bytes: PNG, type: 'image/png', name: 'bob.png' }, { sub: 'bob' });
    expect([theirs.status, bobs.status]).toEqual([201, 201]);
    stack.resetCounts();
    const answers = [];
    for (const id of [theirs.body.id, bobs.body.id, newUploadId(Date.now() + 60_000)]) {
      const answer = await stack.gql<Sent>(SEND, { input: { conversationId, content: 'Hi', attachments: [id] } });
      expect(answer.errors).toBeUndefined();
      answers.push(answer.data!.sendMessage.userErrors);
    }
    expect(answers).toEqual(Array(3).fill([{ code: 'NOT_FOUND', message: 'no upload with this id (upload 1)', field: ['input', 'attachments', '0'] }]));

    const expired = await stack.gql<Sent>(SEND, { input: { conversationId, content: 'Hi', attachments: [newUploadId(Date.now() - 1_000)] } });
    expect(expired.data!.sendMessage.userErrors).toMatchObject([{ code: 'UPLOAD_EXPIRED', field: ['input', 'attachments', '0'] }]);
    expect(expired.data!.sendMessage.userErrors[0]!.message).toMatch(/expired .*upload the file again/);

    const malformed = await stack.gql<Sent>(SEND, { input: { conversationId, content: 'Hi', attachments: ['not-an-upload'] } });
    expect(malformed.data).toBeNull();
    expect(malformed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'attachments', '0'] });
    expect(Object.values(stack.upstreamCalls('t1')).reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe('POST /uploads refusals', () => {
  const rawUpload = async (headers: Record<string, string>, body: BodyInit) => {
    const response = await fetch(`${stack.url}/uploads`, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as { errors: { extensions: { code: string } }[] } };
  };

  it('401 without a token, before the body is read (and the whole body is still answered)', async () => {
    const answer = await upload({ bytes: Buffer.alloc(MAX_BYTES / 2, 1), type: 'image/png', name: 'a.png' }, { token: null });
    expect(answer.status).toBe(401);
    expect(answer.body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('413 larger than uploads.maxBytes, by Content-Length or while streaming', async () => {
    const tooBig = await upload({ bytes: Buffer.alloc(MAX_BYTES * 3, 1), type: 'image/png', name: 'big.png' });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.errors![0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // Just over the limit: within the envelope allowance, caught by the part's own limit.
    const justOver = await upload({ bytes: Buffer.alloc(MAX_BYTES + 1, 1), type: 'image/png', name: 'big.png' });
    expect(justOver.status).toBe(413);
  });

  it('415 for a file type outside uploads.allowedTypes, or a body that is not multipart', async () => {
    const exe = await upload({ bytes: Buffer.from('MZ'), type: 'application/x-msdownload', name: 'setup.exe' });
    expect(exe.status).toBe(415);
    expect(exe.body.errors![0]!.extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // A family entry (`text/*`) admits its members.
    expect((await upload({ bytes: Buffer.from('a,b'), type: 'text/csv', name: 'rows.csv' })).status).toBe(201);
    const json = await rawUpload({ authorization: `Bearer ${await stack.token('t1')}`, 'content-type': 'application/json' }, '{"file":"x"}');
    expect(json.status).toBe(415);
  });

  it('400 for a malformed multipart body, no file part, or an empty file', async () => {
    const auth = { authorization: `Bearer ${await stack.token('t1')}` };
    const malformed = await rawUpload({ ...auth, 'content-type': 'multipart/form-data; boundary=xyz' }, 'this is not multipart at all');
    expect(malformed.status).toBe(400);
    const fieldsOnly = new FormData();
    fieldsOnly.append('note', 'no file here');
    expect((await rawUpload(auth, fieldsOnly)).status).toBe(400);
    const empty = await upload({ bytes: Buffer.alloc(0), type: 'image/png', name: 'empty.png' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors![0]!.extensions.code).toBe('BAD_REQUEST');
  });

  it('400 for two (or three) files in one upload, saying why: none is kept', async () => {
    const auth = { authorization: `Bearer ${await stack.token('t1')}` };
    for (const count of [2, 3]) {
      const form = new FormData();
      form.append('note', 'a form field is fine');
      for (let i = 0; i < count; i++) form.append(`file${i}`, new Blob([new Uint8Array(Buffer.from(`file ${i}`))], { type: 'text/plain' }), `f${i}.txt`);
      const answer = await rawUpload(auth, form);
      expect(answer.status).toBe(400);
      const body = answer.body as unknown as UploadAnswer['body'];
      expect(body.id).toBeUndefined();
      expect(body.errors).toEqual([{ message: expect.stringContaining('send one file per request') as unknown, extensions: { code: 'BAD_REQUEST' } }]);
    }
    // One file with form fields around it is still one upload.
    const one = new FormData();
    one.append('before', 'x');
    one.append('file', new Blob([new Uint8Array(Buffer.from('only file'))], { type: 'text/plain' }), 'only.txt');
    one.append('after', 'y');
    const single = await rawUpload(auth, one);
    expect(single.status).toBe(201);
    expect((single.body as unknown as UploadAnswer['body']).size).toBe(9);
  });
});
