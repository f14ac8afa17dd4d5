import { describe, expect, it } from 'vitest';
import { createIronSimulator } from '../simulators/iron/index.js';
import { createVoxysSimulator } from '../simulators/voxys/index.js';
import { serveSimulator } from './support/platform-harness.js';

/**
 * The simulators' routes for saved views and new conversations, as the gateway relies on them:
 * Iron `PUT /conversations/views` (the whole list; its four built-in views cannot be left out) and
 * `POST /contacts/{contact_id}/conversations`; Voxys `GET /inboxes` and `POST /conversations`.
 * Validation answers in each platform's own error shape; every route is in `GET /openapi.json`.
 */

type Json = Record<string, unknown>;
const NOW = new Date('2025-03-14T12:00:00.000Z');

const iron = serveSimulator(createIronSimulator({ seed: 'start-routes', now: NOW, size: 12 }));
const voxys = serveSimulator(createVoxysSimulator({ seed: 'start-routes', now: NOW, size: 12 }));

async function ironCall(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${iron.server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${iron.sourceConfig.token}`, 'x-org-id': iron.sourceConfig.orgId!, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

async function voxysCall(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${voxys.server.url}/api/v1/accounts/${voxys.sourceConfig.accountId}${path}`, {
    method,
    headers: { api_access_token: String(voxys.sourceConfig.apiAccessToken), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

describe('iron: PUT /conversations/views', () => {
  it('replaces the list, keeps the ids it is given and draws new ones', async () => {
    const { body } = await ironCall('GET', '/conversations/views');
    const current = body.items as Json[];
    const items = [
      ...current.filter((v) => v.name !== 'Archived').map((v) => ({ id: v.id, name: v.name, filters: v.filters })),
      { name: 'Hot', filters: { unread: true, recent_days: 3 } },
    ];
    const saved = await ironCall('PUT', '/conversations/views', { items });
    expect(saved.status).toBe(200);
    const views = saved.body.items as Json[];
    expect(views.map((v) => v.name)).toEqual([...current.filter((v) => v.name !== 'Archived').map((v) => v.name), 'Hot']);
    expect(views.slice(0, -1).map((v) => v.id)).toEqual(current.filter((v) => v.name !== 'Archived').map((v) => v.id));
    expect(views.at(-1)).toMatchObject({ builtin: false, filters: { unread: true, recent_days: 3, archived: false } });
    expect((await ironCall('GET', '/conversations/views')).body.items).toEqual(views);
    // Its counts follow the new list.
    expect(((await ironCall('GET', '/conversations/views/counts')).body.items as Json[]).map((c) => c.name)).toEqual(views.map((v) => v.name));
  });

  it('refuses to drop a built-in view (422), an unknown id (404) and a malformed list (422)', async () => {
    const current = (await ironCall('GET', '/conversations/views')).body.items as Json[];
    const withoutAll = current.filter((v) => v.name !== 'All').map((v) => ({ id: v.id, name: v.name }));
    expect(await ironCall('PUT', '/conversations/views', { items: withoutAll })).toEqual({ status: 422, body: { detail: "View 'All' is built in and cannot be deleted" } });
    const unknown = [...current.map((v) => ({ id: v.id, name: v.name })), { id: '00000000-0000-4000-8000-000000000000', name: 'Ghost' }];
    expect((await ironCall('PUT', '/conversations/views', { items: unknown })).status).toBe(404);
    const malformed = await ironCall('PUT', '/conversations/views', { items: [{ name: '' }, { name: 'x', filters: { unread: 'yes' } }] });
    expect(malformed.status).toBe(422);
    expect((malformed.body.detail as Json[]).map((issue) => issue.loc)).toEqual([
      ['body', 'items', 0, 'name'],
      ['body', 'items', 1, 'filters', 'unread'],
    ]);
    expect((await ironCall('PUT', '/conversations/views', { items: 'no' })).status).toBe(422);
  });
});

describe('iron: POST /contacts/{contact_id}/conversations', () => {
  it('opens a new thread with a first outbound message, by SMS for a contact with a phone', async () => {
    const contact = [...iron.db.contacts.values()].find((c) => c.phone !== null && c.email !== null)!;
    const before = iron.db.conversations.size;
    const { status, body } = await ironCall('POST', `/contacts/${contact.id}/conversations`, { body: 'Hi there' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ contact: { id: contact.id }, channel: 'sms', last_message_preview: 'Hi there', unread_count: 0, archived: false, assigned_to: null });
    expect(iron.db.conversations.size).toBe(before + 1);
    const thread = (await ironCall('GET', `/conversations/${body.id as string}/messages`)).body.items as Json[];
    expect(thread).toMatchObject([{ kind: 'sms', direction: 'outbound', body: 'Hi there' }]);
    expect((await ironCall('POST', `/contacts/${contact.id}/conversations`, { body: 'By mail', channel: 'email' })).body).toMatchObject({ channel: 'email' });
  });

  it('answers 404 for an unknown contact, 422 for a malformed id, a missing body or an unreachable channel', async () => {
    expect((await ironCall('POST', '/contacts/00000000-0000-4000-8000-000000000000/conversations', { body: 'x' })).status).toBe(404);
    expect((await ironCall('POST', '/contacts/nope/conversations', { body: 'x' })).status).toBe(422);
    const contact = [...iron.db.contacts.values()][0]!;
    expect((await ironCall('POST', `/contacts/${contact.id}/conversations`, {})).status).toBe(422);
    expect((await ironCall('POST', `/contacts/${contact.id}/conversations`, { body: 'x', channel: 'call' })).status).toBe(422);
    const noPhone = [...iron.db.contacts.values()].find((c) => c.phone === null);
    if (noPhone)
      expect(await ironCall('POST', `/contacts/${noPhone.id}/conversations`, { body: 'x', channel: 'sms' })).toEqual({
        status: 422,
        body: { detail: 'The contact has no phone number' },
      });
  });
});

describe('voxys: GET /inboxes and POST /conversations', () => {
  it('lists the inboxes and starts an open conversation with the first outgoing message', async () => {
    const inboxes = (await voxysCall('GET', '/inboxes')).body.payload as Json[];
    const api = inboxes.find((i) => i.channel_type === 'Channel::Api')!;
    const contact = [...voxys.db.contacts.values()][0]!;
    const created = await voxysCall('POST', '/conversations', { contact_id: contact.id, inbox_id: api.id, message: { content: 'Hello' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ status: 'open', inbox_id: api.id, meta: { sender: { id: contact.id }, channel: 'Channel::Api' } });
    const messages = (await voxysCall('GET', `/conversations/${created.body.id as number}/messages`)).body.payload as Json[];
    expect(messages).toMatchObject([{ content: 'Hello', message_type: 1 }]);
  });

  it('answers 404 for an unknown contact or inbox and 422 for blank content', async () => {
    const contact = [...voxys.db.contacts.values()][0]!;
    expect((await voxysCall('POST', '/conversations', { contact_id: 999_999, inbox_id: 1, message: { content: 'x' } })).status).toBe(404);
    expect((await voxysCall('POST', '/conversations', { contact_id: contact.id, inbox_id: 999, message: { content: 'x' } })).status).toBe(404);
    expect(await voxysCall('POST', '/conversations', { contact_id: contact.id, inbox_id: 1, message: { content: ' ' } })).toEqual({
      status: 422,
      body: { error: "Validation failed: Content can't be blank" },
    });
  });
});

describe('openapi', () => {
  it('declares the new routes as the others are declared', async () => {
    const ironDoc = (await (await fetch(`${iron.server.url}/openapi.json`)).json()) as { paths: Record<string, Json> };
    expect(Object.keys(ironDoc.paths['/api/v1/conversations/views']!).sort()).toEqual(['get', 'put']);
    expect(ironDoc.paths['/api/v1/contacts/{contact_id}/conversations']!.post).toMatchObject({ parameters: [{ name: 'contact_id', in: 'path', required: true }] });
    const voxysDoc = (await (await fetch(`${voxys.server.url}/openapi.json`)).json()) as { paths: Record<string, Json> };
    expect(voxysDoc.paths['/api/v1/accounts/{account_id}/inboxes']!.get).toBeDefined();
    expect(Object.keys(voxysDoc.paths['/api/v1/accounts/{account_id}/conversations']!).sort()).toEqual(['get', 'post']);
  });
});
