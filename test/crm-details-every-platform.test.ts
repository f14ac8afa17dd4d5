import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformFor } from '../src/datasources/index.js';
import { decodeId, encodeId } from '../src/graph/ids.js';
import type { ChatvoltDb } from '../simulators/chatvolt/db.js';
import type { ConversationRecord } from '../simulators/chatvolt/records.js';
import type { IronDb } from '../simulators/iron/db.js';
import type { VoiceglowDb } from '../simulators/voiceglow/db.js';
import type { VgConvoRecord } from '../simulators/voiceglow/types.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import type { ConversationRow } from '../simulators/voxys/records.js';
import { operation, startStack, type Stack } from './support/stack.js';

/**
 * The CRM details of the sidebar (issue 13, part 2), through ConversationScreen, checked field by
 * field against each simulator's own record: the lead's company, scores, alerts, expected close,
 * lost reason and custom attributes; the conversation's summary, hand-overs, custom attributes and
 * frustration. Where a platform has no such data the field is null (or []), never an error.
 * Conversations are picked to cover each case (with and without each piece of data).
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'crm-details-seed' }] });
});
afterAll(async () => stack?.close());

interface Details {
  summary: string | null;
  customAttributes: unknown;
  frustration: number | null;
  handoffs: {
    status: string;
    requestedAt: string | null;
    acceptedAt: string | null;
    completedAt: string | null;
    acceptedBy: { id: string; name: string | null } | null;
    teams: string[];
  }[];
  lead: {
    company: { id: string | null; name: string | null; domain: string | null } | null;
    score: number | null;
    hotScore: number | null;
    expectedCloseAt: string | null;
    lostReason: string | null;
    customAttributes: unknown;
    alerts: { overdueExpectedClose: boolean | null; overdueActivity: boolean | null; stale: boolean | null; responded: boolean | null; newHandoffAssigned: boolean | null } | null;
  } | null;
}

function globalId(source: string, upstreamId: string): string {
  const config = stack.config.tenants.t1!.sources[source]!;
  return encodeId('Conversation', { tenant: 't1', key: source, scope: platformFor(config).scopeOf(config) }, upstreamId);
}

async function screenOf(source: string, upstreamId: string): Promise<Details> {
  const answer = await stack.gql<{ conversation: Details }>(operation('ConversationScreen'), { id: globalId(source, upstreamId), last: 1 });
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data!.conversation;
}

/** The first record matching each case, each named, none missing (a seed without a case fails loudly). */
function cover<T>(records: T[], cases: Record<string, (record: T) => boolean>): [string, T][] {
  return Object.entries(cases).map(([name, matches]) => {
    const found = records.find(matches);
    if (!found) throw new Error(`the seed has no record for the case "${name}"`);
    return [name, found];
  });
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
const upstreamIdOf = (id: string) => decodeId(id)!.upstreamId;

describe('CRM details, field by field against the simulators', () => {
  it('Voxys: the lead company object, lead and conversation custom attributes; no summary, hand-overs, frustration, alerts', async () => {
    const db = stack.sims.t1!.voxys.db as VoxysDb;
    const leadOf = (c: ConversationRow) => db.leadOfConversation(c.display_id);
    const cases = cover([...db.conversations.values()], {
      'lead with a company and custom attributes': (c) => leadOf(c)?.company_id != null && Object.keys(leadOf(c)!.custom_attributes).length > 0,
      'lead without a company': (c) => leadOf(c) !== null && leadOf(c)!.company_id === null,
      'lead without custom attributes': (c) => leadOf(c) !== null && Object.keys(leadOf(c)!.custom_attributes).length === 0,
      'conversation custom attributes': (c) => Object.keys(c.custom_attributes).length > 0,
      'no conversation custom attributes, no lead': (c) => Object.keys(c.custom_attributes).length === 0 && leadOf(c) === null,
    });
    for (const [name, c] of cases) {
      const screen = await screenOf('voxys', String(c.display_id));
      expect(screen.customAttributes, name).toEqual(c.custom_attributes);
      expect(screen.summary, name).toBeNull();
      expect(screen.handoffs, name).toEqual([]);
      expect(screen.frustration, name).toBeNull();
      const lead = leadOf(c);
      if (!lead) {
        expect(screen.lead, name).toBeNull();
        continue;
      }
      const company = lead.company_id === null ? null : db.companies.get(lead.company_id)!;
      expect(screen.lead!.company && { ...screen.lead!.company, id: screen.lead!.company.id && upstreamIdOf(screen.lead!.company.id) }, name).toEqual(
        company && { id: String(company.id), name: company.name, domain: company.domain },
      );
      expect(screen.lead!.customAttributes, name).toEqual(lead.custom_attributes);
      expect(screen.lead, name).toMatchObject({ score: null, hotScore: null, alerts: null, expectedCloseAt: null, lostReason: null });
    }
  });

  it('Chatvolt: frustration and conversation variables; no lead, summary or hand-overs', async () => {
    const db = stack.sims.t1!.chatvolt.db as ChatvoltDb;
    const cases = cover<ConversationRecord>([...db.conversations.values()], {
      'rated frustration': (c) => c.frustration !== null,
      'no frustration rating': (c) => c.frustration === null,
      'with variables': (c) => c.conversationVariables.length > 0,
      'without variables': (c) => c.conversationVariables.length === 0,
    });
    for (const [name, c] of cases) {
      const screen = await screenOf('chatvolt', c.id);
      expect(screen.frustration, name).toBe(c.frustration);
      expect(screen.customAttributes, name).toEqual(Object.fromEntries(c.conversationVariables.map((v) => [v.varName, v.varValue])));
      expect(screen.summary, name).toBeNull();
      expect(screen.handoffs, name).toEqual([]);
      expect(screen.lead, name).toBeNull();
    }
  });

  it('VoiceGlow: summary, hand-overs (requested, accepted, completed), company name, scores, alerts, expected close, lost reason', async () => {
    const db = stack.sims.t1!.voiceglow.db as VoiceglowDb;
    const last = (r: VgConvoRecord) => r.doc.handoffHistory.at(-1);
    const cases = cover(db.listed(), {
      summary: (r) => r.doc.summary !== undefined,
      'no summary': (r) => r.doc.summary === undefined,
      'hand-over requested': (r) => last(r) !== undefined && last(r)!.acceptedAt === undefined,
      'hand-over accepted': (r) => last(r)?.acceptedAt !== undefined && last(r)!.completedAt === undefined,
      'hand-over completed': (r) => last(r)?.completedAt !== undefined,
      'company name': (r) => r.doc.userCompany !== undefined,
      'lead without a company': (r) => r.doc.userName !== undefined && r.doc.userCompany === undefined,
      alerts: (r) => r.doc.crmAlerts !== undefined,
      'lead without alerts': (r) => r.doc.userName !== undefined && r.doc.crmAlerts === undefined,
      'expected close date': (r) => r.doc.expectedCloseDate !== undefined,
      'lost reason': (r) => r.doc.lostReason !== undefined,
      'anonymous session (no lead)': (r) => [r.doc.userName, r.doc.userEmail, r.doc.userPhone, r.doc.userCompany].every((f) => f === undefined) && r.doc.value === undefined,
    });
    for (const [name, { doc }] of cases) {
      const screen = await screenOf('voiceglow', doc.ID);
      expect(screen.summary, name).toBe(doc.summary ?? null);
      expect(screen.customAttributes, name).toBeNull();
      expect(screen.frustration, name).toBeNull();
      expect(
        screen.handoffs.map((h) => ({ ...h, acceptedBy: h.acceptedBy && { id: upstreamIdOf(h.acceptedBy.id), name: h.acceptedBy.name } })),
        name,
      ).toEqual(
        doc.handoffHistory.map((h) => ({
          status: h.completedAt !== undefined ? 'COMPLETED' : h.acceptedAt !== undefined ? 'ACCEPTED' : 'REQUESTED',
          requestedAt: iso(h.requestedAt),
          acceptedAt: iso(h.acceptedAt),
          completedAt: iso(h.completedAt),
          acceptedBy: h.acceptedBy === undefined ? null : { id: h.acceptedBy, name: db.userById(h.acceptedBy)?.name ?? null },
          teams: h.teamKeys ?? [],
        })),
      );
      if (name === 'anonymous session (no lead)') {
        expect(screen.lead).toBeNull();
        continue;
      }
      expect(screen.lead, name).toMatchObject({
        company: doc.userCompany === undefined ? null : { id: null, name: doc.userCompany, domain: null },
        score: doc.leadScore ?? null,
        hotScore: doc.hotScore ?? null,
        // The platform gives a day: midnight UTC of it.
        expectedCloseAt: doc.expectedCloseDate === undefined ? null : `${doc.expectedCloseDate}T00:00:00.000Z`,
        lostReason: doc.lostReason ?? null,
        customAttributes: null,
        alerts: doc.crmAlerts
          ? {
              overdueExpectedClose: doc.crmAlerts.overdueECD,
              overdueActivity: doc.crmAlerts.overdueActivity,
              stale: doc.crmAlerts.staleLead,
              responded: doc.crmAlerts.responded,
              newHandoffAssigned: doc.crmAlerts.newHandoffAssigned,
            }
          : null,
      });
    }
  });

  it('Iron: none of these details (null / []), without an error', async () => {
    const db = stack.sims.t1!.iron.db as IronDb;
    for (const c of db.inListOrder().slice(0, 3)) {
      const screen = await screenOf('iron', c.id);
      expect(screen).toMatchObject({ summary: null, handoffs: [], customAttributes: null, frustration: null, lead: null });
    }
  });

  it("a company's id is not fetchable through node (BAD_USER_INPUT, no platform call)", async () => {
    const db = stack.sims.t1!.voxys.db as VoxysDb;
    const c = [...db.conversations.values()].find((row) => db.leadOfConversation(row.display_id)?.company_id != null)!;
    const companyId = (await screenOf('voxys', String(c.display_id))).lead!.company!.id!;
    stack.resetCounts();
    const answer = await stack.gql('query($id: ID!) { node(id: $id) { id } }', { id: companyId });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.values(stack.upstreamCalls('t1')).reduce((sum, n) => sum + n, 0)).toBe(0);
  });
});
