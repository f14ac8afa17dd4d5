import { describe, expect, it } from 'vitest';
import type { IronConnector } from '../src/datasources/iron/connector.js';
import { toConversation, toMessage } from '../src/datasources/iron/mapping.js';
import { ironActivityPageSchema, ironConversationPageSchema } from '../src/datasources/iron/schemas.js';
import type { SourceRef } from '../src/model/index.js';
import { createIronSimulator } from '../simulators/iron/index.js';
import { serveSource } from './support/platform-harness.js';

/**
 * Iron's Conversations API page (seed 004) lists the endpoints; the only JSON it shows are two
 * request bodies: assign `{ "assigned_to": "<uuid>|null" }` and archive `{ "archived":
 * true|false }`. Those examples must be what the connector sends and what the simulator accepts.
 * The answers' shapes are not published (UPSTREAMS.md: ASSUMED), so the tolerant reading of the
 * ASSUMED shapes is shown here with every optional field missing, null or empty.
 */

const NOW = new Date('2025-03-14T12:00:00.000Z');
const ref: SourceRef = { tenant: 't1', key: 'iron', type: 'iron', scope: 'org' };

describe('seed 004: the documented request bodies', () => {
  const sim = createIronSimulator({ seed: 'seed-004', now: NOW });
  const source = serveSource('iron', sim, { now: NOW, settings: { cacheTtlMs: 0 } });
  const connector = (): IronConnector => source.connector(sim.identities.alice) as IronConnector;

  it('assign {assigned_to: <uuid>} and {assigned_to: null}, archive {archived: true|false}: sent by the connector, accepted by the platform', async () => {
    const [thread] = sim.db.inListOrder();
    const member = sim.identities.bob;
    await connector().api.assign(thread!.id, member);
    expect(sim.db.conversations.get(thread!.id)!.assignedTo).toBe(member);
    await connector().api.assign(thread!.id, null);
    expect(sim.db.conversations.get(thread!.id)!.assignedTo).toBeNull();
    for (const archived of [true, false]) {
      await connector().api.setArchived(thread!.id, archived);
      expect(sim.db.conversations.get(thread!.id)!.archived).toBe(archived);
    }
    // The bodies exactly as the page writes them, sent by hand.
    const post = (path: string, body: unknown): Promise<Response> =>
      fetch(`${sim.server.url}/api/v1/conversations/${thread!.id}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.db.token}`, 'x-org-id': sim.db.orgId, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/assign', { assigned_to: member })).status).toBeLessThan(300);
    expect((await post('/assign', { assigned_to: null })).status).toBeLessThan(300);
    expect((await post('/archive', { archived: true })).status).toBeLessThan(300);
    expect((await post('/archive', { archived: false })).status).toBeLessThan(300);
  });
});

describe('the ASSUMED answer shapes, read tolerantly', () => {
  it('a conversation page whose rows miss every optional field (or send null, or `sla: {}`) is read whole', () => {
    const page = ironConversationPageSchema.parse({
      items: [
        { id: '2b0c6a1e-2b7d-4c39-9e84-1a6f3d2b8c71', last_activity_at: '2025-03-14T11:00:00.123456Z' },
        {
          id: '2b0c6a1e-2b7d-4c39-9e84-1a6f3d2b8c72',
          last_activity_at: '2025-03-14T10:00:00Z',
          contact: null,
          channel: 'whatsapp',
          unread_count: null,
          starred: null,
          archived: null,
          assigned_to: null,
          sla: {},
        },
        { id: '2b0c6a1e-2b7d-4c39-9e84-1a6f3d2b8c73', last_activity_at: '2025-03-14T09:00:00Z', sla: { due_at: '2025-03-14T08:00:00Z' } },
      ],
    });
    expect(page.items.skipped).toEqual([]);
    expect(page.next_cursor).toBeNull();
    const [bare, nulls, due] = page.items.rows.map((raw) => toConversation(ref, raw, new Map(), NOW));
    expect(bare).toMatchObject({ status: 'OPEN', channel: null, contact: null, unreadCount: null, starred: null, archived: null, assignee: null, sla: null });
    expect(nulls).toMatchObject({ channel: null, sla: null });
    // No `overdue` flag: a due time already past is overdue.
    expect(due!.sla).toEqual({ dueAt: new Date('2025-03-14T08:00:00Z'), overdue: true, source: ref });
  });

  it('an activity page with a kind Iron added later, no direction or no body is read', () => {
    const page = ironActivityPageSchema.parse({
      items: [
        { id: 'a1', kind: 'whatsapp', direction: 'inbound', body: 'hi', created_at: '2025-03-14T11:00:00Z' },
        { id: 'a2', created_at: '2025-03-14T11:01:00Z' },
      ],
      next_cursor: null,
    });
    const conversation = toConversation(
      ref,
      {
        id: 'c',
        last_activity_at: '2025-03-14T11:01:00.000Z',
        contact: null,
        channel: null,
        last_message_preview: null,
        unread_count: null,
        starred: null,
        archived: null,
        assigned_to: null,
        sla: null,
      },
      new Map(),
      NOW,
    );
    expect(page.items.rows.map((activity) => toMessage(ref, activity, conversation))).toMatchObject([
      { upstreamId: 'a1', kind: 'TEXT', direction: 'INBOUND', content: 'hi' },
      { upstreamId: 'a2', kind: 'TEXT', direction: 'OUTBOUND', content: null, sender: null },
    ]);
  });
});
