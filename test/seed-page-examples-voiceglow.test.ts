import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VoiceglowConnector } from '../src/datasources/voiceglow/connector.js';
import { toLead, toTasks } from '../src/datasources/voiceglow/crm-mapping.js';
import { toConversation } from '../src/datasources/voiceglow/mapping.js';
import { vgConvoListRowSchema, vgDocumentResponseSchema } from '../src/datasources/voiceglow/schemas.js';
import type { SourceRef } from '../src/model/index.js';
import { createVoiceglowSimulator } from '../simulators/voiceglow/index.js';
import type { VgConvoDoc } from '../simulators/voiceglow/types.js';
import { serveSource } from './support/platform-harness.js';

/**
 * VoiceGlow's own page for `GET /agents/{agentId}/convos/{convoId}` (seed 003) shows two answers:
 * the published response schema filled with placeholders (`"<string>"`, `123`, `"<unknown>"`,
 * `"<array>"`, and no `state`: the schema does not list it) and an example response. Both are
 * transcribed, unchanged, in test/fixtures/seed-pages/. Both must be read, and mapped as
 * MAPPING.md says.
 */

const NOW = new Date('2025-06-01T12:00:00.000Z');
const ref: SourceRef = { tenant: 't1', key: 'voiceglow', type: 'voiceglow', scope: 'vgAgentDemo01' };

function fixture(name: string): { success: boolean; message: string; data: Record<string, unknown> } {
  return JSON.parse(readFileSync(new URL(`./fixtures/seed-pages/${name}`, import.meta.url), 'utf8')) as never;
}
const schemaSample = fixture('voiceglow-003-get-convo-schema-sample.json');
const example = fixture('voiceglow-003-get-convo-example.json');

describe('seed 003: the published response schema (placeholders, no `state`)', () => {
  it('is read as a document and as a list row', () => {
    expect('state' in schemaSample.data).toBe(false);
    expect(vgDocumentResponseSchema.safeParse(schemaSample).success).toBe(true);
    expect(vgConvoListRowSchema.safeParse(schemaSample.data).success).toBe(true);
  });

  it('maps: no state is OPEN with the AI switch unknown; placeholders that are no date read as none', () => {
    const doc = vgDocumentResponseSchema.parse(schemaSample).data;
    const conversation = toConversation(ref, doc, NOW);
    expect(conversation).toMatchObject({
      upstreamId: '<string>',
      title: '<string>',
      status: 'OPEN',
      aiEnabled: null,
      // `origin` is typed `<unknown>` by the platform: a string we do not know is OTHER.
      channel: 'OTHER',
      labels: ['<string>'],
      lastMessagePreview: '<string>',
      assignee: { kind: 'Agent', upstreamId: '<string>', name: '<string>', email: '<string>', avatarUrl: '<string>' },
      contact: { upstreamId: '<string>', name: '<string>', email: '<string>', phone: '<string>', company: '<string>' },
    });
    // 123 is an epoch in seconds (1970-01-01T00:02:03Z).
    expect(conversation.lastActivityAt.toISOString()).toBe('1970-01-01T00:02:03.000Z');
    expect(toLead(ref, doc, doc.ID)).toMatchObject({ name: '<string>', status: 'LOST', score: 0, value: { amount: 123 } });
    expect(toTasks(ref, doc, doc.ID)).toEqual([expect.objectContaining({ upstreamId: '<string>', title: '<string>', status: 'COMPLETED', dueAt: null })]);
  });
});

describe('seed 003: the example response', () => {
  it('is read and maps to the conversation it describes', () => {
    const doc = vgDocumentResponseSchema.parse(example).data;
    const conversation = toConversation(ref, doc, NOW);
    expect(conversation).toMatchObject({
      upstreamId: 'agent123_convo456',
      status: 'OPEN',
      aiEnabled: true,
      channel: 'WEB_CHAT',
      labels: ['new-lead', 'high-priority'],
      contact: { name: 'John Doe', email: 'john@example.com', phone: '+1234567890', company: 'Acme Corp' },
      assignee: null,
      sla: null,
    });
    expect(conversation.createdAt?.toISOString()).toBe(new Date(1699999999 * 1000).toISOString());
    expect(conversation.lastActivityAt.toISOString()).toBe(new Date(1699999999 * 1000).toISOString());
    expect(toLead(ref, doc, doc.ID)).toMatchObject({ name: 'John Doe', notes: 'Customer interested in premium plan, follow up next week', status: 'OPEN' });
  });
});

describe('through the gateway boundary: the simulator serves the page examples as documents', () => {
  const sim = createVoiceglowSimulator({ seed: 'seed-003', now: NOW, size: 2 });
  const source = serveSource('voiceglow', sim, { now: NOW, settings: { cacheTtlMs: 0 } });

  it('a VoiceglowConnector reads both (one document call each), with no transcript', async () => {
    for (const page of [schemaSample, example]) {
      const doc = page.data as unknown as VgConvoDoc;
      sim.db.convos.set(doc.ID, { doc, turns: [] });
    }
    const connector = source.connector(null);
    expect(connector).toBeInstanceOf(VoiceglowConnector);
    const sampled = await connector.conversation('<string>');
    expect(sampled).toMatchObject({ status: 'OPEN', aiEnabled: null, channel: 'OTHER' });
    const described = await connector.conversation('agent123_convo456');
    expect(described).toMatchObject({ status: 'OPEN', aiEnabled: true, channel: 'WEB_CHAT', contact: { name: 'John Doe' } });
  });
});
