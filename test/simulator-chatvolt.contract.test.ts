import { describe, expect, it } from 'vitest';
import { STAFF } from '../simulators/common/people.js';
import { createChatvoltSimulator } from '../simulators/chatvolt/index.js';
import type { ConversationRecord } from '../simulators/chatvolt/records.js';
import { serveSimulator, whileServing } from './support/platform-harness.js';
import { PRISTINE_KNOBS, SimulatorAdmin } from './support/simulator-admin.js';

/** The Chatvolt simulator against UPSTREAMS.md (chatvolt): paths, shapes, formats, filters, errors, admin API. */

const NOW = new Date('2025-03-14T12:00:00.000Z');
/** `Date.prototype.toISOString`, what Prisma/Next.js serialize. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CUID = /^c[0-9a-z]{24}$/;

const CONVERSATION_KEYS = [
  'id',
  'title',
  'isAiEnabled',
  'channel',
  'status',
  'metadata',
  'channelExternalId',
  'channelCredentialsId',
  'organizationId',
  'mailInboxId',
  'priority',
  'formId',
  'agentId',
  'userId',
  'visitorId',
  'frustration',
  'createdAt',
  'updatedAt',
  'participantsContacts',
  'conversationVariables',
  'conversationContexts',
  'assignees',
  'tags',
].sort();
const MESSAGE_KEYS = [
  'id',
  'text',
  'html',
  'from',
  'conversationId',
  'sources',
  'usage',
  'externalId',
  'userId',
  'contactId',
  'visitorId',
  'agentId',
  'metadata',
  'inputId',
  'eval',
  'read',
  'agentModel',
  'usageCredits',
  'attachments',
  'createdAt',
  'updatedAt',
].sort();
const CONTACT_KEYS = ['id', 'organizationId', 'email', 'phoneNumber', 'firstName', 'lastName', 'externalId', 'picture', 'metadata', 'createdAt', 'updatedAt'].sort();

type Json = Record<string, unknown>;

const sim = serveSimulator(createChatvoltSimulator({ seed: 'contract', now: NOW }));
const db = sim.db;
const auth = { authorization: `Bearer ${sim.sourceConfig.apiKey}` };
const admin = new SimulatorAdmin(sim.server);

async function get(path: string, headers: Record<string, string> = auth): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
  const response = await fetch(`${sim.server.url}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, body: parseJson(text), text, headers: response.headers };
}

/** The body as JSON, or null (Chatvolt's auth failure is plain text). */
function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

async function list(query = ''): Promise<Json[]> {
  const { status, body } = await get(`/conversation${query ? `?${query}` : ''}`);
  expect(status).toBe(200);
  expect(Array.isArray(body)).toBe(true);
  return body as Json[];
}

const ids = (items: Json[]): string[] => items.map((i) => i.id as string).sort();
const truth = (predicate: (c: ConversationRecord) => boolean): string[] =>
  [...db.conversations.values()]
    .filter(predicate)
    .map((c) => c.id)
    .sort();

function expectConversationShape(item: Json, withCrm: boolean): void {
  expect(Object.keys(item).sort()).toEqual(withCrm ? [...CONVERSATION_KEYS, 'crmScenarioConversations'].sort() : CONVERSATION_KEYS);
  expect(item.id).toMatch(CUID);
  expect(item.organizationId).toBe(db.organizationId);
  expect(['RESOLVED', 'UNRESOLVED', 'HUMAN_REQUESTED']).toContain(item.status);
  expect([null, 'LOW', 'MEDIUM', 'HIGH']).toContain(item.priority);
  expect(typeof item.isAiEnabled).toBe('boolean');
  expect(typeof item.channel).toBe('string');
  expect(item.createdAt).toMatch(ISO);
  expect(item.updatedAt).toMatch(ISO);
  expect(item.title === null || typeof item.title === 'string').toBe(true);
  for (const contact of item.participantsContacts as Json[]) {
    expect(Object.keys(contact).sort()).toEqual(CONTACT_KEYS);
    expect(contact.createdAt).toMatch(ISO);
  }
  for (const assignee of item.assignees as Json[]) {
    expect(Object.keys(assignee).sort()).toEqual(['id', 'user']);
    expect(Object.keys(assignee.user as Json).sort()).toEqual(['email', 'id', 'name']);
  }
  for (const tag of item.tags as Json[]) expect(Object.keys(tag)).toEqual(['tag']);
  for (const variable of item.conversationVariables as Json[]) expect(Object.keys(variable).sort()).toEqual(['conversationId', 'varName', 'varValue']);
}

describe('seeded data', () => {
  const conversations = (): ConversationRecord[] => [...db.conversations.values()];

  it('covers every status × priority (with none) × assignment (each staff member and nobody)', () => {
    expect(conversations()).toHaveLength(60);
    const combos = new Set(conversations().map((c) => `${c.status}/${c.priority}/${db.assigneesOf(c)[0]?.user.email ?? 'none'}`));
    for (const status of ['UNRESOLVED', 'HUMAN_REQUESTED', 'RESOLVED']) {
      for (const priority of ['LOW', 'MEDIUM', 'HIGH']) {
        for (const who of [...STAFF.map((s) => s.email), 'none']) expect(combos.has(`${status}/${priority}/${who}`)).toBe(true);
      }
    }
    expect(conversations().filter((c) => c.priority === null).length).toBeGreaterThanOrEqual(2);
    expect(conversations().every((c) => c.assigneeIds.length <= 1)).toBe(true);
  });

  it('has shared tags, read and unread threads, 1 to 61 messages, and scenario placements of every kind', () => {
    const tagUse = new Map<string, number>();
    for (const c of conversations()) for (const tag of c.tags) tagUse.set(tag, (tagUse.get(tag) ?? 0) + 1);
    expect([...tagUse.values()].filter((n) => n >= 3).length).toBeGreaterThanOrEqual(4);

    const unread = conversations().map((c) => db.unreadCount(c.id));
    expect(unread.filter((n) => n > 0).length).toBeGreaterThanOrEqual(10);
    expect(unread.filter((n) => n === 0).length).toBeGreaterThanOrEqual(10);
    expect(unread.some((n) => n > 31)).toBe(true);

    const sizes = conversations().map((c) => db.messagesOf(c.id).length);
    expect(Math.min(...sizes)).toBe(1);
    expect(sizes.filter((n) => n > 31).length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(61);

    const kinds = conversations().map((c) => (c.scenarioLinks.some((l) => l.available) ? 'active' : c.scenarioLinks.length > 0 ? 'left' : 'none'));
    expect(kinds.filter((k) => k === 'active').length).toBeGreaterThan(30);
    expect(kinds).toContain('left');
    expect(kinds).toContain('none');
    expect(conversations().some((c) => c.scenarioLinks.length === 2)).toBe(true);
    expect(conversations().every((c) => c.scenarioLinks.filter((l) => l.available).length <= 1)).toBe(true);

    const senders = new Set(conversations().flatMap((c) => db.messagesOf(c.id).map((m) => (m.userId ? 'team' : m.from))));
    expect([...senders].sort()).toEqual(['agent', 'human', 'team']);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = createChatvoltSimulator({ seed: 'contract', now: NOW }).db;
    expect([...again.conversations.keys()]).toEqual([...db.conversations.keys()]);
    const other = createChatvoltSimulator({ seed: 'other', now: NOW }).db;
    expect([...other.conversations.keys()]).not.toEqual([...db.conversations.keys()]);
  });
});

describe('auth', () => {
  it('answers 403 text "Forbidden" without a key or with a wrong one (Chaindesk auth middleware)', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: sim.sourceConfig.apiKey! }];
    for (const headers of attempts) {
      const response = await get('/conversation', headers);
      expect(response.status).toBe(403);
      expect(response.text).toBe('Forbidden');
    }
    expect((await get('/crm/scenario', {})).status).toBe(403);
  });

  it('accepts another instance only with its own key', async () => {
    const second = createChatvoltSimulator({ seed: 'second', apiKey: 'second-key', now: NOW });
    await whileServing(second, async (secondUrl) => {
      expect((await fetch(`${secondUrl}/conversation`, { headers: auth })).status).toBe(403);
      const ok = await fetch(`${secondUrl}/conversation`, { headers: { authorization: 'Bearer second-key' } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as Json[]).length).toBe(60);
    });
  });
});

describe('GET /conversation', () => {
  it('answers one plain array of ConversationDetailed (no pagination): every conversation exactly once', async () => {
    const items = await list();
    expect(items).toHaveLength(60);
    expect(new Set(ids(items)).size).toBe(60);
    expect(ids(items)).toEqual(truth(() => true));
    for (const item of items) expectConversationShape(item, false);
    // Newest created first.
    const created = items.map((i) => Date.parse(i.createdAt as string));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('serializes one record faithfully (contacts, assignees, tags)', async () => {
    const record = [...db.conversations.values()].find((c) => c.contactIds.length > 0 && c.assigneeIds.length > 0 && c.tags.length > 0)!;
    const item = (await list()).find((i) => i.id === record.id)!;
    const member = db.assigneesOf(record)[0]!;
    expect(item.assignees).toEqual([{ id: member.id, user: { id: member.user.id, name: member.user.name, email: member.user.email } }]);
    expect(item.tags).toEqual(record.tags.map((tag) => ({ tag })));
    expect((item.participantsContacts as Json[])[0]).toEqual(db.contactsOf(record)[0]);
    expect(item.updatedAt).toBe(record.updatedAt);
  });

  it('filters by status, priority, channel, agentId, assigneeId, unread, createdAt and endDate', async () => {
    for (const status of ['UNRESOLVED', 'HUMAN_REQUESTED', 'RESOLVED']) {
      expect(ids(await list(`status=${status}`))).toEqual(truth((c) => c.status === status));
    }
    for (const priority of ['LOW', 'MEDIUM', 'HIGH']) {
      expect(ids(await list(`priority=${priority}`))).toEqual(truth((c) => c.priority === priority));
    }
    expect(ids(await list('channel=whatsapp'))).toEqual(truth((c) => c.channel === 'whatsapp'));
    const agent = db.aiAgents[0]!.id;
    expect(ids(await list(`agentId=${agent}`))).toEqual(truth((c) => c.agentId === agent));
    expect(ids(await list('agentId=null'))).toEqual(truth((c) => c.agentId === null));
    expect(truth((c) => c.agentId === null).length).toBeGreaterThan(0);
    for (const person of STAFF) {
      const membership = sim.identities[person.key];
      const mine = await list(`assigneeId=${membership}`);
      expect(ids(mine)).toEqual(truth((c) => c.assigneeIds.includes(membership)));
      expect(mine.length).toBeGreaterThan(0);
    }
    expect(ids(await list('assigneeId=unassigned'))).toEqual(truth((c) => c.assigneeIds.length === 0));
    expect(ids(await list('unread=true'))).toEqual(truth((c) => db.unreadCount(c.id) > 0));
    expect(ids(await list('unread=false'))).toEqual(truth((c) => db.unreadCount(c.id) === 0));

    const since = new Date(NOW.getTime() - 10 * 86_400_000);
    expect(ids(await list(`createdAt=${since.toISOString()}`))).toEqual(truth((c) => Date.parse(c.createdAt) >= since.getTime()));
    const day = since.toISOString().slice(0, 10);
    expect(ids(await list(`createdAt=${day}`))).toEqual(truth((c) => Date.parse(c.createdAt) >= Date.parse(`${day}T00:00:00Z`)));
    expect(ids(await list(`endDate=${day}`))).toEqual(truth((c) => Date.parse(c.createdAt) <= Date.parse(`${day}T23:59:59.999Z`)));
    expect(ids(await list(`createdAt=${encodeURIComponent(`${day} 06:30`)}`))).toEqual(truth((c) => Date.parse(c.createdAt) >= Date.parse(`${day}T06:30:00Z`)));

    const combined = await list(`status=UNRESOLVED&assigneeId=unassigned&unread=true`);
    expect(ids(combined)).toEqual(truth((c) => c.status === 'UNRESOLVED' && c.assigneeIds.length === 0 && db.unreadCount(c.id) > 0));
  });

  it('rejects invalid filter values with 400 INVALID_REQUEST', async () => {
    for (const query of ['status=OPEN', 'priority=URGENT', 'channel=pigeon', 'unread=maybe', 'createdAt=yesterday']) {
      const response = await get(`/conversation?${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: 'INVALID_REQUEST' });
    }
  });
});

describe('GET /conversation/{id}', () => {
  it('answers ConversationDetailed with crmScenarioConversations, present when the conversation is linked to a scenario (seed 002)', async () => {
    const records = [...db.conversations.values()].slice(0, 12);
    expect(records.some((record) => record.scenarioLinks.length === 0)).toBe(true);
    for (const record of records) {
      const { status, body } = await get(`/conversation/${record.id}`);
      expect(status).toBe(200);
      const item = body as Json;
      expectConversationShape(item, record.scenarioLinks.length > 0);
      const links = (item.crmScenarioConversations ?? []) as Json[];
      expect(links).toHaveLength(record.scenarioLinks.length);
      for (const [i, link] of links.entries()) {
        expect(Object.keys(link).sort()).toEqual(['available', 'createdAt', 'scenario', 'step', 'updatedAt']);
        const own = record.scenarioLinks[i]!;
        expect(link.available).toBe(own.available);
        expect(link.scenario).toEqual({ id: own.scenarioId, name: db.scenarios.get(own.scenarioId)!.name });
        expect(link.step).toEqual({ id: own.stepId, name: db.steps.get(own.stepId)!.name });
        expect(link.createdAt).toMatch(ISO);
        expect(link.updatedAt).toMatch(ISO);
      }
    }
  });

  it('answers 404 {"error":"NOT_FOUND"} for an unknown id', async () => {
    const response = await get('/conversation/cdoesnotexist000000000000');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: 'NOT_FOUND' });
    expect((await get('/no/such/path')).body).toEqual({ error: 'NOT_FOUND' });
  });
});

describe('GET /conversation/{id}/messages/{count}', () => {
  const longest = (): ConversationRecord => [...db.conversations.values()].sort((a, b) => db.messagesOf(b.id).length - db.messagesOf(a.id).length)[0]!;

  it('answers the last count messages, oldest first, in the {status,isAiEnabled,userId,organizationId,messages} envelope', async () => {
    const record = longest();
    const thread = db.messagesOf(record.id);
    const { status, body } = await get(`/conversation/${record.id}/messages/10`);
    expect(status).toBe(200);
    const envelope = body as Json;
    expect(Object.keys(envelope).sort()).toEqual(['isAiEnabled', 'messages', 'organizationId', 'status', 'userId']);
    expect(envelope.status).toBe(record.status);
    expect(envelope.isAiEnabled).toBe(record.isAiEnabled);
    expect(envelope.organizationId).toBe(db.organizationId);
    const messages = envelope.messages as Json[];
    expect(messages.map((m) => m.id)).toEqual(thread.slice(-10).map((m) => m.id));
    for (const message of messages) {
      expect(Object.keys(message).sort()).toEqual(MESSAGE_KEYS);
      expect(['human', 'agent']).toContain(message.from);
      expect(typeof message.read).toBe('boolean');
      expect(message.createdAt).toMatch(ISO);
      expect(message.conversationId).toBe(record.id);
    }
    const times = messages.map((m) => Date.parse(m.createdAt as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('answers the whole thread when count exceeds it, 2 without a count, 400 for a bad count, 404 for an unknown id', async () => {
    const record = longest();
    const all = (await get(`/conversation/${record.id}/messages/1000`)).body as Json;
    expect((all.messages as Json[]).length).toBe(db.messagesOf(record.id).length);
    const two = (await get(`/conversation/${record.id}/messages`)).body as Json;
    expect((two.messages as Json[]).map((m) => m.id)).toEqual(
      db
        .messagesOf(record.id)
        .slice(-2)
        .map((m) => m.id),
    );
    for (const bad of ['0', '-1', 'abc']) {
      const response = await get(`/conversation/${record.id}/messages/${bad}`);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: 'INVALID_REQUEST' });
    }
    const missing = await get('/conversation/cdoesnotexist000000000000/messages/5');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'NOT_FOUND' });
  });

  it('serializes attachments and team replies (from human with userId)', async () => {
    const withAttachment = [...db.conversations.values()].find((c) => db.messagesOf(c.id).some((m) => m.attachments.length > 0))!;
    const thread = db.messagesOf(withAttachment.id);
    const messages = ((await get(`/conversation/${withAttachment.id}/messages/${thread.length}`)).body as Json).messages as Json[];
    const attached = messages.find((m) => (m.attachments as Json[]).length > 0)!;
    expect(Object.keys((attached.attachments as Json[])[0]!).sort()).toEqual(['conversationId', 'createdAt', 'id', 'messageId', 'mimeType', 'name', 'size', 'url']);

    const withTeam = [...db.conversations.values()].find((c) => db.messagesOf(c.id).some((m) => m.userId !== null))!;
    const teamThread = db.messagesOf(withTeam.id);
    const teamMessages = ((await get(`/conversation/${withTeam.id}/messages/${teamThread.length}`)).body as Json).messages as Json[];
    const reply = teamMessages.find((m) => m.userId !== null)!;
    expect(reply.from).toBe('human');
    expect(reply.userId).toBe(db.assigneesOf(withTeam)[0]!.user.id);
  });
});

describe('CRM scenarios', () => {
  it('lists scenarios and their 3 to 6 steps in index order', async () => {
    const { status, body } = await get('/crm/scenario');
    expect(status).toBe(200);
    const scenarios = body as Json[];
    expect(scenarios.length).toBe(db.scenarios.size);
    expect(scenarios.length).toBeGreaterThanOrEqual(3);
    for (const scenario of scenarios) {
      expect(Object.keys(scenario).sort()).toEqual(['createdAt', 'description', 'id', 'name', 'organizationId', 'updatedAt']);
      const steps = (await get(`/crm/step?scenarioId=${scenario.id as string}`)).body as Json[];
      expect(steps.length).toBeGreaterThanOrEqual(3);
      expect(steps.length).toBeLessThanOrEqual(6);
      expect(steps.map((s) => s.index)).toEqual(steps.map((_, i) => i));
      for (const step of steps) {
        expect(step.scenarioId).toBe(scenario.id);
        for (const key of ['id', 'name', 'index', 'prompt', 'trigger', 'initialMessage', 'autoNextStepId', 'defaultStatus', 'defaultPriority', 'assigneeLogicType', 'isRequired']) {
          expect(step).toHaveProperty(key);
        }
      }
    }
  });

  it('filters scenarios and steps by agentId; needs scenarioId for steps; an unknown scenario has no steps', async () => {
    const agent = db.aiAgents[1]!.id;
    const scenarios = (await get(`/crm/scenario?agentId=${agent}`)).body as Json[];
    expect(scenarios.map((s) => s.id).sort()).toEqual(
      [...db.scenarios.values()]
        .filter((s) => db.stepsOf(s.id).some((st) => st.agentId === agent))
        .map((s) => s.id)
        .sort(),
    );
    const missing = await get('/crm/step');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: 'INVALID_REQUEST' });
    expect((await get('/crm/step?scenarioId=cunknown')).body).toEqual([]);
  });
});

describe('admin API and OpenAPI', () => {
  it('lists its routes in /openapi.json', async () => {
    const { body } = await get('/openapi.json', {});
    expect(Object.keys((body as Json).paths as Json).sort()).toEqual(
      [
        '/conversation',
        '/conversation/{conversationId}',
        '/conversation/{conversationId}/messages',
        '/conversation/{conversationId}/messages/{count}',
        '/crm/scenario',
        '/crm/step',
        '/conversation/message/{type}/{value}',
        '/conversations/{conversationId}/set-status',
        '/conversations/{conversationId}/set-priority',
        '/conversations/{conversationId}/set-ai-enabled',
        '/conversations/{conversationId}/assign',
        '/crm/step/move',
      ].sort(),
    );
  });

  it('counts requests per route and resets them', async () => {
    await admin.resetRequestCounts();
    const id = [...db.conversations.keys()][0]!;
    await get('/conversation');
    await get('/conversation?status=RESOLVED');
    await get(`/conversation/${id}`);
    await get(`/conversation/${id}/messages/5`);
    await get('/crm/scenario');
    expect((await get('/__admin/requests', {})).body).toEqual({
      total: 5,
      byRoute: {
        'GET /conversation': 2,
        'GET /conversation/:conversationId': 1,
        'GET /conversation/:conversationId/messages/:count': 1,
        'GET /crm/scenario': 1,
      },
    });
    await admin.resetRequestCounts();
    expect((await get('/__admin/requests', {})).body).toEqual({ total: 0, byRoute: {} });
  });

  it('turns knobs into Chatvolt errors: 429 RATE_LIMIT bursts, 503 outage, 500 error rate, latency; reset restores', async () => {
    expect((await admin.setKnobs({ rateLimitBurst: 2, rateLimitRetryAfter: 3 })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const limited = await get('/conversation');
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ error: 'RATE_LIMIT' });
      expect(limited.headers.get('retry-after')).toBe('3');
    }
    expect((await get('/conversation')).status).toBe(200);

    await admin.setKnobs({ outage: true });
    const down = await get('/conversation');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ error: 'Service Unavailable' });

    await admin.setKnobs({ outage: false, errorRate: 1 });
    const failing = await get('/conversation');
    expect(failing.status).toBe(500);
    expect(failing.body).toEqual({ error: 'Internal Server Error' });

    await admin.setKnobs({ errorRate: 0, latencyMs: 5 });
    expect((await get('/__admin/knobs', {})).body).toMatchObject({ latencyMs: 5, errorRate: 0, outage: false });
    expect((await get('/conversation')).status).toBe(200);

    expect((await admin.setKnobs({ latencyMs: -1 })).status).toBe(400);
    await admin.resetKnobs();
    expect((await get('/__admin/knobs', {})).body).toEqual(PRISTINE_KNOBS);
  });

  it('dumps the live data under /__admin/data', async () => {
    const body = (await get('/__admin/data', {})).body as Json;
    expect(body.organizationId).toBe(db.organizationId);
    expect((body.conversations as Json[]).length).toBe(60);
    expect(sim.sourceConfig).toEqual({ apiKey: 'chatvolt-demo-key' });
    expect(Object.keys(sim.identities).sort()).toEqual(STAFF.map((s) => s.key).sort());
  });
});

describe('write endpoints', () => {
  const HOUR = 3_600_000;
  const OK = { success: true };
  /** The simulated wall clock of the writing simulator, moved by hand. */
  let clock = NOW.getTime();
  const w = serveSimulator(createChatvoltSimulator({ seed: 'contract-writes', now: NOW, clock: () => new Date(clock) }));
  const wdb = w.db;

  async function post(path: string, body: unknown, headers: Record<string, string> = auth): Promise<{ status: number; body: unknown; text: string }> {
    const response = await fetch(`${w.server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text), text };
  }

  async function read(path: string): Promise<Json> {
    const response = await fetch(`${w.server.url}${path}`, { headers: auth });
    expect(response.status).toBe(200);
    return (await response.json()) as Json;
  }

  const records = (): ConversationRecord[] => [...wdb.conversations.values()];
  const lastInboundAge = (c: ConversationRecord): number => clock - Date.parse(wdb.lastInbound(c.id)!.createdAt);
  const META = ['whatsapp', 'instagram', 'instagramDm'];
  const expectError = (response: { status: number; body: unknown }, status: number, error: string): void => {
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error });
  };

  describe('POST /conversation/message/{type}/{value}', () => {
    it('answers {success, message: Message}: a reply from the API key owner (from human, userId), at the end of the thread', async () => {
      clock += 1000;
      const record = records().find((c) => !META.includes(c.channel) && wdb.unreadCount(c.id) > 0)!;
      const previous = wdb.messagesOf(record.id).at(-1)!;
      const { status, body } = await post(`/conversation/message/conversationId/${record.id}`, { message: 'We shipped it today.' });
      expect(status).toBe(200);
      const answer = body as Json;
      expect(Object.keys(answer).sort()).toEqual(['message', 'success']);
      expect(answer.success).toBe(true);
      const message = answer.message as Json;
      expect(Object.keys(message).sort()).toEqual(MESSAGE_KEYS);
      expect(message).toMatchObject({
        text: 'We shipped it today.',
        from: 'human',
        userId: wdb.keyOwner.user.id,
        conversationId: record.id,
        read: true,
        agentId: null,
        attachments: [],
      });
      expect(message.id).toMatch(CUID);
      expect(message.createdAt).toMatch(ISO);
      expect(Date.parse(message.createdAt as string)).toBeGreaterThan(Date.parse(previous.createdAt));
      expect(wdb.keyOwner.role).toBe('OWNER');

      // Later reads: the newest message, the conversation's updatedAt, no unread message left.
      const tail = await read(`/conversation/${record.id}/messages/1`);
      expect((tail.messages as Json[]).map((m) => m.id)).toEqual([message.id]);
      expect((await read(`/conversation/${record.id}`)).updatedAt).toBe(message.createdAt);
      expect(wdb.unreadCount(record.id)).toBe(0);
      const unread = (await fetch(`${w.server.url}/conversation?unread=true`, { headers: auth }).then((r) => r.json())) as Json[];
      expect(unread.map((c) => c.id)).not.toContain(record.id);
    });

    it('stores attachments [{url, name, mimeType}] as read back by the messages endpoint', async () => {
      const record = records().find((c) => !META.includes(c.channel))!;
      const attachments = [{ url: 'https://files.example/quote.pdf', name: 'quote.pdf', mimeType: 'application/pdf' }];
      const { status, body } = await post(`/conversation/message/conversationId/${record.id}`, { message: 'Your quote', attachments });
      expect(status).toBe(200);
      const stored = ((await read(`/conversation/${record.id}/messages/1`)).messages as Json[])[0]!;
      expect(stored.id).toBe(((body as Json).message as Json).id);
      expect(stored.attachments).toEqual([expect.objectContaining({ ...attachments[0], conversationId: record.id, messageId: stored.id })]);
    });

    it('answers 406 ERR_META_SESSION_EXPIRED_24H on WhatsApp/Instagram when the customer wrote over 24 h ago, and stores nothing; Z-API has no window', async () => {
      const closed = records().filter((c) => META.includes(c.channel) && lastInboundAge(c) > 24 * HOUR);
      expect(new Set(closed.map((c) => c.channel)).size).toBeGreaterThanOrEqual(2);
      for (const record of closed) {
        const length = wdb.messagesOf(record.id).length;
        const updatedAt = record.updatedAt;
        expectError(await post(`/conversation/message/conversationId/${record.id}`, { message: 'Still there?' }), 406, 'ERR_META_SESSION_EXPIRED_24H');
        expect(wdb.messagesOf(record.id)).toHaveLength(length);
        expect(record.updatedAt).toBe(updatedAt);
      }
      const zapi = records().find((c) => c.channel === 'zapi' && lastInboundAge(c) > 24 * HOUR)!;
      expect((await post(`/conversation/message/conversationId/${zapi.id}`, { message: 'Via Z-API' })).status).toBe(200);
    });

    it('keeps the window open for 24 h after the customer last wrote, then closes it', async () => {
      const record = records().find((c) => c.channel === 'whatsapp' && lastInboundAge(c) < 24 * HOUR)!;
      expect((await post(`/conversation/message/conversationId/${record.id}`, { message: 'Within the window' })).status).toBe(200);
      const saved = clock;
      clock += 24 * HOUR - lastInboundAge(record) + 1000;
      try {
        expectError(await post(`/conversation/message/conversationId/${record.id}`, { message: 'Too late' }), 406, 'ERR_META_SESSION_EXPIRED_24H');
      } finally {
        clock = saved;
      }
    });

    it('answers 400 INVALID_REQUEST for a bad body, type or channel; 404 NOT_FOUND for an unknown conversation; 403 Forbidden without the key', async () => {
      const id = records().find((c) => !META.includes(c.channel))!.id;
      for (const body of [
        undefined,
        'not json',
        {},
        { message: 42 },
        { message: '  ' },
        { message: 'x', attachments: 'nope' },
        { message: 'x', attachments: [{ name: 'no url' }] },
        { message: 'x', channel: 'pigeon' },
      ]) {
        expectError(await post(`/conversation/message/conversationId/${id}`, body), 400, 'INVALID_REQUEST');
      }
      expectError(await post(`/conversation/message/handle/${id}`, { message: 'x' }), 400, 'INVALID_REQUEST');
      expectError(await post('/conversation/message/conversationId/cdoesnotexist000000000000', { message: 'x' }), 404, 'NOT_FOUND');
      const denied = await post(`/conversation/message/conversationId/${id}`, { message: 'x' }, {});
      expect(denied.status).toBe(403);
      expect(denied.text).toBe('Forbidden');
    });

    it('by phone or email: needs agentId and channel (400); the contact\'s conversation on that channel, else 500 "No Conversation found"', async () => {
      const record = records().find((c) => c.channel === 'telegram' && wdb.contactsOf(c)[0]?.phoneNumber)!;
      const phone = wdb.contactsOf(record)[0]!.phoneNumber!;
      const agentId = wdb.aiAgents[0]!.id;
      expectError(await post(`/conversation/message/phone/${encodeURIComponent(phone)}`, { message: 'x' }), 400, 'INVALID_REQUEST');
      const sent = await post(`/conversation/message/phone/${encodeURIComponent(phone)}`, { message: 'By phone', agentId, channel: 'telegram' });
      expect(sent.status).toBe(200);
      expect(((sent.body as Json).message as Json).conversationId).toBe(record.id);
      expectError(await post('/conversation/message/email/nobody%40nowhere.example', { message: 'x', agentId, channel: 'website' }), 500, 'No Conversation found');
    });
  });

  describe('POST /conversations/{id}/set-status | set-priority | set-ai-enabled', () => {
    const cases = [
      {
        path: 'set-status',
        body: { status: 'HUMAN_REQUESTED' },
        field: 'status',
        value: 'HUMAN_REQUESTED',
        message: 'Conversation Status changed.',
        bad: [{}, { status: 'OPEN' }, { status: 'resolved' }],
      },
      {
        path: 'set-priority',
        body: { priority: 'HIGH' },
        field: 'priority',
        value: 'HIGH',
        message: 'Conversation Priority changed.',
        bad: [{}, { priority: 'URGENT' }, { priority: null }],
      },
      { path: 'set-ai-enabled', body: { enabled: false }, field: 'isAiEnabled', value: false, message: 'AI is Off.', bad: [{}, { enabled: 'false' }, { enabled: 0 }] },
    ];

    it('answer 200 {success, message}; later reads show the change and a later updatedAt', async () => {
      for (const [i, spec] of cases.entries()) {
        clock += 1000;
        const record = records()[10 + i]!;
        const before = record.updatedAt;
        const { status, body } = await post(`/conversations/${record.id}/${spec.path}`, spec.body);
        expect(status).toBe(200);
        expect(body).toEqual({ ...OK, message: spec.message });
        const detail = await read(`/conversation/${record.id}`);
        expect(detail[spec.field]).toBe(spec.value);
        expect(Date.parse(detail.updatedAt as string)).toBeGreaterThan(Date.parse(before));
        expect(detail.updatedAt).toBe(new Date(clock).toISOString());
      }
      const record = records()[12]!;
      expect((await post(`/conversations/${record.id}/set-ai-enabled`, { enabled: true })).body).toEqual({ ...OK, message: 'AI is On.' });
    });

    it('answer 400 INVALID_REQUEST for a missing or unknown value (nothing changes) and 404 NOT_FOUND for an unknown conversation', async () => {
      for (const spec of cases) {
        const record = records()[20]!;
        const snapshot = JSON.stringify(record);
        for (const bad of spec.bad) expectError(await post(`/conversations/${record.id}/${spec.path}`, bad), 400, 'INVALID_REQUEST');
        expect(JSON.stringify(record)).toBe(snapshot);
        expectError(await post(`/conversations/cdoesnotexist000000000000/${spec.path}`, spec.body), 404, 'NOT_FOUND');
      }
    });
  });

  describe('POST /conversations/{id}/assign', () => {
    it('assigns by membershipId, user id or email, replacing the assignee (list filter and detail follow)', async () => {
      const record = records().find((c) => c.assigneeIds.length === 1)!;
      const members = Object.values(wdb.staff).filter((m) => m.id !== record.assigneeIds[0]);
      const bodies = [{ membershipId: members[0]!.id }, { id: members[1]!.user.id }, { email: members[2]!.user.email.toUpperCase() }];
      for (const [i, body] of bodies.entries()) {
        const { status, body: answer } = await post(`/conversations/${record.id}/assign`, body);
        expect(status).toBe(200);
        expect(answer).toEqual({ ...OK, message: 'Conversation Assigned.' });
        const detail = await read(`/conversation/${record.id}`);
        expect(detail.assignees).toEqual([{ id: members[i]!.id, user: members[i]!.user }]);
        const mine = (await fetch(`${w.server.url}/conversation?assigneeId=${members[i]!.id}`, { headers: auth }).then((r) => r.json())) as Json[];
        expect(mine.map((c) => c.id)).toContain(record.id);
      }
    });

    it('answers 403 UNAUTHORIZED for someone who is not a member, 404 for an unknown email or conversation, 400 without an identifier (no unassign)', async () => {
      const record = records().find((c) => c.assigneeIds.length === 1)!;
      const assignees = [...record.assigneeIds];
      for (const body of [
        { membershipId: 'cnotamember00000000000000' },
        { membershipId: wdb.outsiders[0]!.id },
        { id: wdb.outsiders[0]!.id },
        { email: wdb.outsiders[0]!.email },
      ]) {
        expectError(await post(`/conversations/${record.id}/assign`, body), 403, 'UNAUTHORIZED');
      }
      expectError(await post(`/conversations/${record.id}/assign`, { email: 'nobody@nowhere.example' }), 404, 'NOT_FOUND');
      expectError(await post('/conversations/cdoesnotexist000000000000/assign', { membershipId: wdb.staff.bob.id }), 404, 'NOT_FOUND');
      for (const body of [{}, { membershipId: null }, { membershipId: '' }, { membershipId: 7 }]) {
        expectError(await post(`/conversations/${record.id}/assign`, body), 400, 'INVALID_REQUEST');
      }
      expect(record.assigneeIds).toEqual(assignees);
    });
  });

  describe('POST /crm/step/move', () => {
    const RESULT_KEYS = ['blockedBy24hRule', 'message', 'messageError', 'messageSent', 'newStepId', 'sentMessageId', 'success'];

    it('moves the conversation within its scenario and answers the AlterStepResult; the detail shows the step', async () => {
      clock += 1000;
      const record = records().find((c) => c.scenarioLinks.some((l) => l.available))!;
      const link = record.scenarioLinks.find((l) => l.available)!;
      const dest = wdb.stepsOf(link.scenarioId).find((s) => s.id !== link.stepId && s.defaultPriority === null)!;
      const { status, body } = await post('/crm/step/move', { conversationId: record.id, scenarioId: link.scenarioId, destStepId: dest.id, shouldSendInitialMessage: false });
      expect(status).toBe(200);
      expect(Object.keys(body as Json).sort()).toEqual(RESULT_KEYS);
      expect(body).toMatchObject({ success: true, newStepId: dest.id, messageSent: false, sentMessageId: null, blockedBy24hRule: false });
      const links = (await read(`/conversation/${record.id}`)).crmScenarioConversations as Json[];
      const active = links.filter((l) => l.available);
      expect(active).toEqual([
        expect.objectContaining({ scenario: { id: link.scenarioId, name: wdb.scenarios.get(link.scenarioId)!.name }, step: { id: dest.id, name: dest.name } }),
      ]);
      expect(active[0]!.updatedAt).toBe(new Date(clock).toISOString());
    });

    it('enters another scenario: that link becomes the active one, the old one available: false; by destStepIndex too', async () => {
      const record = records().find((c) => c.scenarioLinks.length === 1 && c.scenarioLinks[0]!.available)!;
      const old = record.scenarioLinks[0]!;
      const scenario = [...wdb.scenarios.values()].find((s) => s.id !== old.scenarioId)!;
      expect((await post('/crm/step/move', { conversationId: record.id, scenarioId: scenario.id, destStepIndex: 1, shouldSendInitialMessage: false })).status).toBe(200);
      const links = (await read(`/conversation/${record.id}`)).crmScenarioConversations as Json[];
      expect(links.map((l) => [(l.scenario as Json).id, (l.step as Json).id, l.available])).toEqual([
        [old.scenarioId, old.stepId, false],
        [scenario.id, wdb.stepsOf(scenario.id)[1]!.id, true],
      ]);
      // Index without a scenario: within the active one.
      expect((await post('/crm/step/move', { conversationId: record.id, destStepIndex: 0, shouldSendInitialMessage: false })).body).toMatchObject({
        newStepId: wdb.stepsOf(scenario.id)[0]!.id,
      });
    });

    it('applies the step defaults on entry (here: a priority) and moves updatedAt', async () => {
      clock += 1000;
      const record = records().find((c) => c.priority !== 'HIGH')!;
      const step = [...wdb.steps.values()].find((s) => s.defaultPriority === 'HIGH')!;
      await post('/crm/step/move', { conversationId: record.id, destStepId: step.id, shouldSendInitialMessage: false });
      const detail = await read(`/conversation/${record.id}`);
      expect(detail.priority).toBe('HIGH');
      expect(detail.updatedAt).toBe(new Date(clock).toISOString());
    });

    it("sends the step's initial message from the AI agent when asked, unless the 24-hour rule blocks it", async () => {
      const open = records().find((c) => !META.includes(c.channel))!;
      const step = [...wdb.steps.values()].find((s) => s.initialMessage)!;
      const sent = (await post('/crm/step/move', { conversationId: open.id, destStepId: step.id, shouldSendInitialMessage: true })).body as Json;
      expect(sent).toMatchObject({ messageSent: true, blockedBy24hRule: false });
      expect(wdb.messagesOf(open.id).at(-1)).toMatchObject({ id: sent.sentMessageId, from: 'agent', text: step.initialMessage, agentId: step.agentId });

      const closed = records().find((c) => META.includes(c.channel) && lastInboundAge(c) > 24 * HOUR)!;
      const length = wdb.messagesOf(closed.id).length;
      const blocked = (await post('/crm/step/move', { conversationId: closed.id, destStepId: step.id, shouldSendInitialMessage: true })).body as Json;
      expect(blocked).toMatchObject({ success: true, newStepId: step.id, messageSent: false, blockedBy24hRule: true, messageError: 'ERR_META_SESSION_EXPIRED_24H' });
      expect(wdb.messagesOf(closed.id)).toHaveLength(length);
    });

    it('answers 400 for a bad body or a step of another scenario, 404 for an unknown conversation, scenario, step or index', async () => {
      const record = records().find((c) => c.scenarioLinks.some((l) => l.available))!;
      const snapshot = JSON.stringify(record.scenarioLinks);
      const [a, b] = [...wdb.scenarios.values()];
      const stepOfB = wdb.stepsOf(b!.id)[0]!;
      const base = { conversationId: record.id, shouldSendInitialMessage: false };
      for (const body of [
        undefined,
        {},
        { ...base },
        { conversationId: record.id, destStepId: stepOfB.id },
        { ...base, destStepIndex: -1 },
        { ...base, destStepId: 5 },
        { ...base, scenarioId: a!.id, destStepId: stepOfB.id },
      ]) {
        expectError(await post('/crm/step/move', body), 400, 'INVALID_REQUEST');
      }
      for (const body of [
        { ...base, conversationId: 'cdoesnotexist000000000000', destStepId: stepOfB.id },
        { ...base, scenarioId: 'cdoesnotexist000000000000', destStepId: stepOfB.id },
        { ...base, destStepId: 'cdoesnotexist000000000000' },
        { ...base, scenarioId: b!.id, destStepIndex: 99 },
      ]) {
        expectError(await post('/crm/step/move', body), 404, 'NOT_FOUND');
      }
      expect(JSON.stringify(record.scenarioLinks)).toBe(snapshot);
    });
  });

  it('counts write calls per route template and applies the knobs to them', async () => {
    w.server.resetCounts();
    const id = records()[30]!.id;
    await post(`/conversations/${id}/set-status`, { status: 'RESOLVED' });
    await post(`/conversations/${id}/set-status`, { status: 'UNRESOLVED' });
    await post(`/conversations/${id}/assign`, { membershipId: wdb.staff.carol.id });
    await post('/crm/step/move', {});
    expect(w.server.requestCounts()).toEqual({
      total: 4,
      byRoute: { 'POST /conversations/:conversationId/set-status': 2, 'POST /conversations/:conversationId/assign': 1, 'POST /crm/step/move': 1 },
    });
    w.server.knobs = { ...w.server.knobs, outage: true };
    try {
      expectError(await post(`/conversations/${id}/set-status`, { status: 'RESOLVED' }), 503, 'Service Unavailable');
    } finally {
      w.server.knobs = { ...w.server.knobs, outage: false };
    }
    expect(wdb.conversation(id)!.status).toBe('UNRESOLVED');
  });
});
