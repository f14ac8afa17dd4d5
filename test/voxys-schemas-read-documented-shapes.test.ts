import { describe, expect, it } from 'vitest';
import { lastMessageJson, toConversation, toMessage } from '../src/datasources/voxys/mapping.js';
import { conversationListSchema, messageListSchema } from '../src/datasources/voxys/schemas.js';
import type { SourceRef } from '../src/model/index.js';

/**
 * The Voxys boundary reads what the platform documents and what Chatwoot's source renders, not only
 * what our simulator sends. The fixtures are written here from those facts (MAPPING.md names each
 * source): the Voxys "Conversations List" page's example (placeholders, no `status`, a message
 * without `message_type`, `sender: {}`, `applied_sla: {}`), and Chatwoot 4.x jbuilder/model output
 * (every attachment shape, a bot holder, string message types, a null attachment).
 */

const ref: SourceRef = { tenant: 't', key: 'voxys', type: 'voxys', scope: '7' };
const NOW = new Date('2025-06-02T12:00:00Z');

/** The shape of the Voxys docs' example: every key with its placeholder value. */
const placeholderMessage = {
  id: 123,
  content: '<string>',
  account_id: 123,
  inbox_id: 123,
  conversation_id: 123,
  created_at: 123,
  updated_at: 123,
  private: true,
  source_id: '<string>',
  content_attributes: {},
  sender_id: 123,
  external_source_ids: {},
  additional_attributes: {},
  processed_message_content: '<string>',
  sentiment: {},
  conversation: {},
  attachment: {},
  sender: {},
};
const documentedPage = {
  data: {
    meta: { mine_count: 123, unassigned_count: 123, assigned_count: 123, all_count: 123 },
    payload: [
      {
        id: 123,
        messages: [placeholderMessage],
        account_id: 123,
        uuid: '<string>',
        additional_attributes: {},
        agent_last_seen_at: 123,
        assignee_last_seen_at: 123,
        can_reply: true,
        contact_last_seen_at: 123,
        custom_attributes: {},
        inbox_id: 123,
        labels: ['<string>'],
        muted: true,
        snoozed_until: 123,
        created_at: 123,
        updated_at: 123,
        timestamp: 123,
        first_reply_created_at: 123,
        unread_count: 123,
        last_non_activity_message: placeholderMessage,
        last_activity_at: 123,
        priority: '<string>',
        waiting_since: 123,
        sla_policy_id: 123,
        applied_sla: {},
        sla_events: [{}],
        meta: {
          sender: {
            additional_attributes: {},
            availability_status: '<string>',
            email: '<string>',
            id: 123,
            name: '<string>',
            phone_number: '<string>',
            blocked: true,
            identifier: '<string>',
            thumbnail: '<string>',
            custom_attributes: {},
            last_activity_at: 123,
            created_at: 123,
          },
          channel: '<string>',
          assignee: {
            id: 123,
            account_id: 123,
            available_name: '<string>',
            avatar_url: '<string>',
            confirmed: true,
            display_name: '<string>',
            email: '<string>',
            name: '<string>',
            type: '<string>',
            custom_attributes: {},
            accounts: [{ id: 123 }],
          },
          hmac_verified: true,
        },
      },
    ],
  },
};

describe('the Voxys docs example of a conversation list', () => {
  it('parses, every row read, and maps what it can (status from the list asked, unknown priority null, no SLA)', () => {
    const parsed = conversationListSchema.parse(documentedPage);
    expect(parsed.data.payload).toMatchObject({ received: 1, skipped: [] });
    const row = parsed.data.payload.rows[0]!;
    const conversation = toConversation(ref, row, NOW, 'PENDING');
    expect(conversation).toMatchObject({
      upstreamId: '123',
      status: 'PENDING',
      priority: null,
      channel: 'OTHER',
      contact: { kind: 'Contact', upstreamId: '123', name: '<string>' },
      assignee: { kind: 'Agent', upstreamId: '123', name: '<string>' },
      unreadCount: 123,
      labels: ['<string>'],
      lastActivityAt: new Date(123_000),
      sla: null,
    });
    expect(conversation.botAssignee).toBeUndefined();
    const last = toMessage(ref, lastMessageJson(row)!, conversation);
    // `sender: {}` names nobody; without a message_type the (missing) author says outbound.
    expect(last).toMatchObject({
      upstreamId: '123',
      conversationUpstreamId: '123',
      content: '<string>',
      sender: null,
      private: true,
      kind: 'NOTE',
      direction: 'OUTBOUND',
      attachments: [],
    });
  });
});

/** Chatwoot 4.x `Attachment#push_event_data`, one per file type shape. */
const attachments = [
  {
    id: 1,
    message_id: 9,
    file_type: 'image',
    account_id: 7,
    extension: 'jpg',
    data_url: 'https://x.example/a.jpg',
    thumb_url: 'https://x.example/a.jpg?t',
    file_size: 10,
    width: 1,
    height: 1,
  },
  {
    id: 2,
    message_id: 9,
    file_type: 'audio',
    account_id: 7,
    extension: 'ogg',
    data_url: 'https://x.example/b.ogg',
    thumb_url: '',
    file_size: 10,
    width: null,
    height: null,
    transcribed_text: '',
  },
  { id: 3, message_id: 9, file_type: 'file', account_id: 7, extension: null, data_url: '', thumb_url: '', file_size: 0, width: null, height: null },
  {
    id: 4,
    message_id: 9,
    file_type: 'location',
    account_id: 7,
    coordinates_lat: 1.5,
    coordinates_long: 2.5,
    fallback_title: 'Office',
    data_url: 'https://maps.example/?q=1.5,2.5',
  },
  { id: 5, message_id: 9, file_type: 'location', account_id: 7, coordinates_lat: 1.5, coordinates_long: 2.5, fallback_title: 'Pin', data_url: null },
  { id: 6, message_id: 9, file_type: 'fallback', account_id: 7, fallback_title: 'Unsupported', data_url: null },
  { id: 7, message_id: 9, file_type: 'contact', account_id: 7, fallback_title: 'Ana', meta: { phone: '+1555' } },
  { id: 8, message_id: 9, file_type: 'story_mention', account_id: 7, data_url: 'https://cdn.example/s.jpg', thumb_url: '', file_size: null },
  null,
];

describe('Chatwoot 4.x shapes of messages and conversations', () => {
  it('reads every attachment shape and lists those with a link (a contact card, a linkless location or fallback, an empty file URL are not)', () => {
    const page = messageListSchema.parse({
      meta: {},
      payload: [
        {
          id: 9,
          content: null,
          inbox_id: 1,
          conversation_id: 5,
          message_type: 'incoming',
          content_type: 'text',
          status: 'sent',
          content_attributes: {},
          created_at: 1000,
          private: false,
          source_id: null,
          sender: { id: 3, name: 'Ana', type: 'contact' },
          attachments,
        },
        {
          id: 10,
          content: 'Hi',
          conversation_id: 5,
          message_type: 1,
          created_at: 1001,
          private: false,
          sender_type: 'AgentBot',
          sender: { id: 1, name: 'Voxys AI', avatar_url: '', type: 'agent_bot' },
        },
        { id: 11, content: 'x', conversation_id: 5, message_type: 0, created_at: 'yesterday' },
        { content: 'no id', created_at: 1002 },
      ],
    });
    expect(page.payload.rows.map((m) => m.id)).toEqual([9, 10]);
    expect(page.payload.skipped.map((s) => [s.index, s.upstreamId])).toEqual([
      [2, '11'],
      [3, null],
    ]);
    const [withFiles, byBot] = page.payload.rows.map((m) => toMessage(ref, m, { upstreamId: '5', channel: 'WHATSAPP' }));
    expect(withFiles!.direction).toBe('INBOUND');
    expect(withFiles!.attachments).toEqual([
      { url: 'https://x.example/a.jpg', name: 'a.jpg', contentType: null },
      { url: 'https://x.example/b.ogg', name: 'b.ogg', contentType: null },
      { url: 'https://maps.example/?q=1.5,2.5', name: 'Office', contentType: null },
      { url: 'https://cdn.example/s.jpg', name: 's.jpg', contentType: null },
    ]);
    expect(byBot!.sender).toEqual({ kind: 'Bot', ref, upstreamId: '1', name: 'Voxys AI' });
  });

  it('reads a bot holder (`assignee_type: AgentBot`, `_agent_bot_slim`) as a Bot, never as the agent with the same id', () => {
    const row = {
      id: 5,
      status: 'open',
      last_activity_at: 2000,
      messages: [],
      applied_sla: {
        id: 1,
        sla_id: 2,
        sla_status: 'active',
        created_at: 1000,
        updated_at: 1000,
        sla_first_response_time_threshold: 60,
        sla_next_response_time_threshold: null,
        sla_resolution_time_threshold: null,
      },
      meta: {
        sender: { id: 3, name: 'Ana' },
        channel: 'Channel::Api',
        assignee: { id: 1, name: 'Voxys AI', description: null, thumbnail: '', bot_type: 'webhook', assignee_type: 'AgentBot' },
        assignee_type: 'AgentBot',
      },
    };
    const parsed = conversationListSchema.parse({ data: { meta: { mine_count: 0, assigned_count: 0, unassigned_count: 1, all_count: 1 }, payload: [row] } });
    const conversation = toConversation(ref, parsed.data.payload.rows[0]!, NOW);
    expect(conversation.assignee).toBeNull();
    expect(conversation.botAssignee).toEqual({ kind: 'Bot', ref, upstreamId: '1', name: 'Voxys AI' });
    // The first response was due 60 s after the SLA was applied, long ago.
    // No `sla_name` in this answer; the first-response target is 60 s: 1 minute.
    expect(conversation.sla).toEqual({ dueAt: new Date(1_060_000), overdue: true, policyName: null, targetMinutes: 1 });
  });

  it('fails the whole answer for a wrong envelope (not one row)', () => {
    expect(conversationListSchema.safeParse({ data: { meta: { mine_count: 0, assigned_count: 0, unassigned_count: 0, all_count: 0 }, payload: 'nope' } }).success).toBe(false);
    expect(conversationListSchema.safeParse({ payload: [] }).success).toBe(false);
  });
});
