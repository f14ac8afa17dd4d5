import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toConversation as chatvoltConversation } from '../src/datasources/chatvolt/mapping.js';
import { conversationSchema as chatvoltConversationSchema } from '../src/datasources/chatvolt/schemas.js';
import { toLead as voiceglowLead } from '../src/datasources/voiceglow/crm-mapping.js';
import { toConversation as voiceglowConversation } from '../src/datasources/voiceglow/mapping.js';
import { vgConvoDocumentSchema, vgDocumentResponseSchema } from '../src/datasources/voiceglow/schemas.js';
import { toLead as voxysLead } from '../src/datasources/voxys/crm-mapping.js';
import { leadSchema } from '../src/datasources/voxys/crm-schemas.js';
import { toConversation as voxysConversation } from '../src/datasources/voxys/mapping.js';
import { conversationSchema as voxysConversationSchema } from '../src/datasources/voxys/schemas.js';
import type { SourceRef } from '../src/model/index.js';

/**
 * The CRM details read tolerantly (src/datasources/shared/lenient.ts): the documented shapes map
 * as MAPPING.md says, and a missing or odd value (a string where an object is due, `{}`, junk
 * list items, the seed pages' `"<string>"` placeholders) costs only that field, read as null (or
 * `[]`), never the row. Pure mapping, no servers.
 */
const NOW = new Date('2026-06-01T12:00:00.000Z');
const ref = (type: SourceRef['type']): SourceRef => ({ tenant: 't1', key: type, type, scope: 's' });

describe('Voxys: lead company and custom attributes, conversation custom attributes', () => {
  const lead = (extra: Record<string, unknown>) => voxysLead(ref('voxys'), leadSchema.parse({ id: 42, custom_name: 'Deal', ...extra }), '100');

  it('maps the documented lead (seed 000): company {id, name, domain}, custom_attributes', () => {
    const mapped = lead({ company: { id: 10, name: 'Acme Corp', domain: 'acme.com' }, custom_attributes: { industry: 'Technology', annual_revenue: 500000 } });
    expect(mapped.company).toEqual({ ref: ref('voxys'), upstreamId: '10', name: 'Acme Corp', domain: 'acme.com' });
    expect(mapped.customAttributes).toEqual({ industry: 'Technology', annual_revenue: 500000 });
    expect(mapped).toMatchObject({ hotScore: null, alerts: null, expectedCloseAt: null, lostReason: null, score: null });
  });

  it('reads an odd company or custom_attributes as null, keeping the lead', () => {
    expect(lead({ company: {} }).company).toBeNull();
    expect(lead({ company: null }).company).toBeNull();
    expect(lead({ company: { domain: 'acme.com' } }).company).toBeNull();
    expect(lead({ company: { id: 'ten', name: 'Acme', domain: 7 } }).company).toEqual({ ref: ref('voxys'), upstreamId: null, name: 'Acme', domain: null });
    expect(lead({ company: { id: 3 } }).company).toEqual({ ref: ref('voxys'), upstreamId: '3', name: null, domain: null });
    for (const odd of ['x', [1, 2], 5, null]) expect(lead({ custom_attributes: odd }).customAttributes).toBeNull();
    expect(lead({}).customAttributes).toBeNull();
    expect(lead({ custom_attributes: {} }).customAttributes).toEqual({});
  });

  it('passes the conversation custom_attributes through; no summary, hand-overs or frustration', () => {
    const conversation = (extra: Record<string, unknown>) =>
      voxysConversation(ref('voxys'), voxysConversationSchema.parse({ id: 7, status: 'open', last_activity_at: 1_700_000_000, ...extra }), NOW);
    expect(conversation({ custom_attributes: { plan: 'pro', seats: 3, vip: true } })).toMatchObject({
      customAttributes: { plan: 'pro', seats: 3, vip: true },
      summary: null,
      handoffs: [],
      frustration: null,
    });
    expect(conversation({ custom_attributes: 'plan=pro' }).customAttributes).toBeNull();
    expect(conversation({}).customAttributes).toBeNull();
  });
});

describe('Chatvolt: frustration and conversation variables', () => {
  const conversation = (extra: Record<string, unknown>) =>
    chatvoltConversation(ref('chatvolt'), chatvoltConversationSchema.parse({ id: 'c1', updatedAt: '2026-05-01T10:00:00.000Z', ...extra }), null, {
      unreadCount: null,
      lastMessagePreview: null,
    });

  it('maps frustration as sent and the variables as one object (the last of a repeated name wins)', () => {
    const mapped = conversation({
      frustration: 0.42,
      conversationVariables: [
        { varName: 'plan', varValue: 'free' },
        { varName: 'city', varValue: 'Lisbon' },
        { varName: 'plan', varValue: 'pro' },
      ],
    });
    expect(mapped).toMatchObject({ frustration: 0.42, customAttributes: { plan: 'pro', city: 'Lisbon' }, summary: null, handoffs: [] });
    expect(conversation({ conversationVariables: [] }).customAttributes).toEqual({});
  });

  it('reads odd values as null and leaves out unreadable variables', () => {
    expect(conversation({ frustration: 'high' }).frustration).toBeNull();
    expect(conversation({}).frustration).toBeNull();
    expect(conversation({}).customAttributes).toBeNull();
    expect(conversation({ conversationVariables: 'plan=pro' }).customAttributes).toBeNull();
    expect(conversation({ conversationVariables: [{ varValue: 'x' }, 'junk', { varName: 'plan' }, { varName: 'n', varValue: 3 }] }).customAttributes).toEqual({ plan: null, n: 3 });
  });
});

describe('VoiceGlow: summary, hand-overs, company name, scores, alerts, expected close, lost reason', () => {
  const doc = (extra: Record<string, unknown>) => vgConvoDocumentSchema.parse({ ID: 'v1', ts: 1_700_000_000, userName: 'Ann', ...extra });

  it('maps the documented fields (seed 003)', () => {
    const d = doc({
      summary: 'Asked about pricing.',
      userCompany: 'Acme',
      hotScore: 71,
      leadScore: 40,
      expectedCloseDate: '2026-07-01',
      lostReason: 'Budget',
      crmAlerts: { overdueECD: false, overdueActivity: true, staleLead: false, responded: true, newHandoffAssigned: false },
      assignedTo: { userId: 'u1', name: 'Bob', email: 'bob@x.example' },
      handoffHistory: [
        { requestedAt: 1_750_000_000_000, acceptedAt: 1_750_000_060_000, completedAt: 1_750_000_600_000, acceptedBy: 'u1', teamKeys: ['support'] },
        { requestedAt: 1_750_100_000_000, acceptedBy: 'u9', requestedTeamKey: 'sales' },
        { requestedAt: 1_750_200_000_000 },
      ],
    });
    const conversation = voiceglowConversation(ref('voiceglow'), d, NOW);
    expect(conversation.summary).toBe('Asked about pricing.');
    expect(conversation.handoffs).toEqual([
      {
        status: 'COMPLETED',
        requestedAt: new Date(1_750_000_000_000),
        acceptedAt: new Date(1_750_000_060_000),
        completedAt: new Date(1_750_000_600_000),
        acceptedBy: { kind: 'Agent', ref: ref('voiceglow'), upstreamId: 'u1', name: 'Bob', email: 'bob@x.example', avatarUrl: null },
        teams: ['support'],
      },
      {
        status: 'ACCEPTED',
        requestedAt: new Date(1_750_100_000_000),
        acceptedAt: null,
        completedAt: null,
        acceptedBy: { kind: 'Agent', ref: ref('voiceglow'), upstreamId: 'u9', name: null, email: null, avatarUrl: null },
        teams: ['sales'],
      },
      { status: 'REQUESTED', requestedAt: new Date(1_750_200_000_000), acceptedAt: null, completedAt: null, acceptedBy: null, teams: [] },
    ]);
    expect(conversation).toMatchObject({ customAttributes: null, frustration: null });
    expect(voiceglowLead(ref('voiceglow'), d, 'v1')).toMatchObject({
      company: { upstreamId: null, name: 'Acme', domain: null },
      score: 40,
      hotScore: 71,
      expectedCloseAt: new Date('2026-07-01T00:00:00.000Z'),
      lostReason: 'Budget',
      status: 'LOST',
      customAttributes: null,
      alerts: { overdueExpectedClose: false, overdueActivity: true, stale: false, responded: true, newHandoffAssigned: false },
    });
  });

  it('reads odd values as null (or []), keeping the document', () => {
    const d = doc({
      summary: 5,
      userCompany: '  ',
      hotScore: 'hot',
      expectedCloseDate: '<string>',
      lostReason: '',
      crmAlerts: {},
      handoffHistory: ['junk', 3, { requestedAt: 'soon', teamKeys: 'support' }],
    });
    const conversation = voiceglowConversation(ref('voiceglow'), d, NOW);
    expect(conversation.summary).toBeNull();
    expect(conversation.handoffs).toEqual([{ status: 'REQUESTED', requestedAt: null, acceptedAt: null, completedAt: null, acceptedBy: null, teams: [] }]);
    expect(voiceglowLead(ref('voiceglow'), d, 'v1')).toMatchObject({ company: null, hotScore: null, expectedCloseAt: null, lostReason: null, alerts: null, status: 'OPEN' });
    expect(voiceglowLead(ref('voiceglow'), doc({ crmAlerts: { staleLead: true, responded: 'yes' } }), 'v1')!.alerts).toEqual({
      overdueExpectedClose: null,
      overdueActivity: null,
      stale: true,
      responded: null,
      newHandoffAssigned: null,
    });
    expect(voiceglowConversation(ref('voiceglow'), doc({ handoffHistory: 'none' }), NOW).handoffs).toEqual([]);
  });

  it('reads the seed page placeholder document (`"<string>"`, 123)', () => {
    const sample = JSON.parse(readFileSync(new URL('./fixtures/seed-pages/voiceglow-003-get-convo-schema-sample.json', import.meta.url), 'utf8')) as unknown;
    const d = vgDocumentResponseSchema.parse(sample).data;
    const conversation = voiceglowConversation(ref('voiceglow'), d, NOW);
    expect(conversation.summary).toBe('<string>');
    // 123 is an epoch in seconds; `acceptedBy` names the `assignedTo` user, so it is named.
    expect(conversation.handoffs).toEqual([
      expect.objectContaining({
        status: 'COMPLETED',
        requestedAt: new Date(123_000),
        acceptedBy: expect.objectContaining({ upstreamId: '<string>', name: '<string>' }),
        teams: ['<string>'],
      }),
    ]);
    expect(voiceglowLead(ref('voiceglow'), d, d.ID)).toMatchObject({
      company: { name: '<string>' },
      hotScore: 123,
      expectedCloseAt: null,
      lostReason: '<string>',
      alerts: { overdueExpectedClose: true, overdueActivity: true, stale: true, responded: true, newHandoffAssigned: true },
    });
  });
});
