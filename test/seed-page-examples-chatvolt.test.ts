import { describe, expect, it } from 'vitest';
import { currentLink, toConversation, toPlacement } from '../src/datasources/chatvolt/mapping.js';
import { conversationSchema, messagesEnvelopeSchema } from '../src/datasources/chatvolt/schemas.js';
import type { SourceRef } from '../src/model/index.js';

/**
 * Chatvolt's page for `GET /conversation/{id}` (seed 002) describes a `ConversationDetailed`
 * field by field (its example body is not in the stored copy of the page): every field it lists,
 * nullable where it says "if any" / "if available", and `crmScenarioConversations` "present when
 * the conversation is linked to CRM scenarios", with the structure the page gives. These answers
 * are built from that description; each must be read and mapped.
 */

const ref: SourceRef = { tenant: 't1', key: 'chatvolt', type: 'chatvolt', scope: '' };

/** Every field of the page, as it describes it. */
const described = {
  id: 'clx0conversation0001',
  title: null,
  isAiEnabled: true,
  channel: 'whatsapp',
  status: 'HUMAN_REQUESTED',
  metadata: null,
  channelExternalId: null,
  channelCredentialsId: 'clx0credentials0001',
  organizationId: 'clx0organization001',
  mailInboxId: null,
  priority: 'HIGH',
  formId: null,
  agentId: 'clx0agent0000000001',
  userId: null,
  visitorId: null,
  frustration: null,
  createdAt: '2025-05-30T09:15:00.000Z',
  updatedAt: '2025-05-31T17:42:10.123Z',
  participantsContacts: [],
  conversationVariables: [],
  conversationContexts: [],
  assignees: [],
  tags: [],
};

/** The link structure the page documents: available, scenario{id,name}, step{id,name}, createdAt, updatedAt. */
const linked = {
  ...described,
  crmScenarioConversations: [
    {
      available: false,
      scenario: { id: 'clx0scenario0000001', name: 'Onboarding' },
      step: { id: 'clx0step00000000001', name: 'Welcome' },
      createdAt: '2025-05-30T09:16:00.000Z',
      updatedAt: '2025-05-30T12:00:00.000Z',
    },
    {
      available: true,
      scenario: { id: 'clx0scenario0000002', name: 'Sales pipeline' },
      step: { id: 'clx0step00000000009', name: 'Qualified' },
      createdAt: '2025-05-30T12:00:00.000Z',
      updatedAt: '2025-05-31T08:00:00.000Z',
    },
  ],
};

describe('seed 002: Get Conversation By Id', () => {
  it('a conversation not linked to any scenario (no crmScenarioConversations key) is read', () => {
    const conversation = conversationSchema.parse(described);
    expect(conversation.crmScenarioConversations).toEqual([]);
    expect(currentLink(conversation.crmScenarioConversations)).toBeNull();
    expect(toConversation(ref, conversation, null, { unreadCount: 0, lastMessagePreview: null })).toMatchObject({
      upstreamId: 'clx0conversation0001',
      title: null,
      status: 'HUMAN_REQUESTED',
      priority: 'HIGH',
      channel: 'WHATSAPP',
      aiEnabled: true,
      contact: null,
      assignee: null,
      labels: [],
    });
  });

  it('a linked conversation is read with its links; the available one is its scenario and step', () => {
    const conversation = conversationSchema.parse(linked);
    expect(conversation.crmScenarioConversations).toHaveLength(2);
    const link = currentLink(conversation.crmScenarioConversations)!;
    const placement = toPlacement(ref, conversation.id, link, undefined, []);
    expect(placement).toMatchObject({
      available: true,
      scenario: { upstreamId: 'clx0scenario0000002', name: 'Sales pipeline' },
      step: { upstreamId: 'clx0step00000000009', name: 'Qualified', index: null },
    });
    expect(placement.enteredAt?.toISOString()).toBe('2025-05-30T12:00:00.000Z');
  });

  it('what the page leaves optional may be missing or null: the row is still read', () => {
    const bare = { id: 'clx0conversation0002', updatedAt: '2025-05-31T17:42:10Z' };
    const conversation = conversationSchema.parse(bare);
    expect(toConversation(ref, conversation, null, { unreadCount: null, lastMessagePreview: null })).toMatchObject({
      upstreamId: 'clx0conversation0002',
      // No status: UNRESOLVED, Prisma's default; no AI switch, channel or priority: unknown.
      status: 'OPEN',
      aiEnabled: null,
      channel: null,
      priority: null,
      createdAt: null,
      labels: [],
    });
    const nulls = conversationSchema.parse({
      ...bare,
      status: null,
      isAiEnabled: null,
      channel: null,
      priority: null,
      assignees: null,
      tags: null,
      crmScenarioConversations: null,
    });
    expect(nulls).toMatchObject({ status: 'UNRESOLVED', assignees: [], tags: [], crmScenarioConversations: [] });
    // The one thing a row cannot do without besides its id: a time to place it in the inbox.
    expect(conversationSchema.safeParse({ id: 'clx0conversation0003' }).success).toBe(false);
  });

  it('a message as the published Message schema has it (no attachments key) is read; a message without from is the visitor', () => {
    const messages = messagesEnvelopeSchema.parse({
      status: 'UNRESOLVED',
      isAiEnabled: true,
      userId: null,
      organizationId: 'clx0organization001',
      messages: [
        {
          id: 'm1',
          text: 'Hi',
          html: null,
          from: 'human',
          conversationId: 'c',
          contactId: 'ct',
          read: true,
          createdAt: '2025-05-31T17:42:10.123Z',
          updatedAt: '2025-05-31T17:42:10.123Z',
        },
        { id: 'm2', text: 'Hello!', agentId: 'clx0agent0000000001', createdAt: '2025-05-31T17:42:11Z' },
        { id: 'm3', text: 'Still there?', createdAt: '2025-05-31 17:45:00' },
      ],
    }).messages;
    expect(messages.skipped).toEqual([]);
    expect(messages.rows.map((m) => [m.id, m.from, m.attachments, m.createdAt])).toEqual([
      ['m1', 'human', [], '2025-05-31T17:42:10.123Z'],
      ['m2', 'agent', [], '2025-05-31T17:42:11.000Z'],
      ['m3', 'human', [], '2025-05-31T17:45:00.000Z'],
    ]);
  });
});
