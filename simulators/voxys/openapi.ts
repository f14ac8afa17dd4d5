import {
  anyObject,
  arrayOf,
  bool,
  dateTime,
  enumOf,
  int,
  json,
  jsonBody,
  nullable,
  num,
  object,
  query,
  rateLimited,
  ref,
  requiredKeysOf,
  str,
  type JsonSchema,
  type SimContract,
  type SimOperation,
} from '../common/openapi.js';
import { ATTACHMENT_FILE_TYPES, CONVERSATION_PRIORITIES, CONVERSATION_STATUSES, LEAD_STATUSES } from './records.js';
import { BASE } from './route-helpers.js';
import { BLOB_PATH } from './uploads.js';
import { VOXYS_SHAPES } from './shapes.js';

/**
 * Voxys' contract (Chatwoot's jbuilder views and the Voxys CRM pages, MAPPING.md): every route of
 * routes.ts, write-routes.ts and start-routes.ts. Objects list every key the simulator renders; the
 * keys a real installation always sends are the `sparse` shapes' `required` (shapes.ts), the others
 * may be left out or null. Times: unix-second ints, `updated_at` a float, CRM times ISO-8601.
 */

const req = requiredKeysOf(VOXYS_SHAPES);

const unixInt = int;
const errorBody = object({ error: str });

const contactPartial = object(
  {
    additional_attributes: anyObject,
    availability_status: str,
    email: str,
    id: int,
    name: str,
    phone_number: str,
    blocked: bool,
    identifier: str,
    thumbnail: str,
    custom_attributes: anyObject,
    last_activity_at: unixInt,
    created_at: unixInt,
  },
  req('contact'),
);

const contactPush = object(
  {
    additional_attributes: anyObject,
    custom_attributes: anyObject,
    email: str,
    id: int,
    identifier: str,
    name: str,
    phone_number: str,
    thumbnail: str,
    blocked: bool,
    type: enumOf('contact'),
  },
  ['id'],
);
const userPush = object({ id: int, name: str, available_name: str, avatar_url: str, type: enumOf('user'), availability_status: str, thumbnail: str }, ['id']);
const botSender = object({ id: int, name: str, avatar_url: str, type: enumOf('agent_bot') }, ['id']);
/** A message's sender: the sparse `sender` shape keeps `id` and `type`. */
const sender: JsonSchema = {
  anyOf: [
    { ...contactPush, required: req('sender') },
    { ...userPush, required: req('sender') },
    { ...botSender, required: req('sender') },
  ],
};

const agent = object(
  {
    id: int,
    account_id: int,
    availability_status: enumOf('online', 'busy', 'offline'),
    auto_offline: bool,
    confirmed: bool,
    email: str,
    available_name: str,
    name: str,
    role: str,
    thumbnail: str,
    custom_role_id: { type: 'null' },
  },
  ['id'],
);
const agentBotSlim = object(
  { id: int, name: str, description: { type: 'null' }, thumbnail: str, outgoing_url: { type: 'null' }, bot_type: str, assignee_type: enumOf('AgentBot') },
  ['id', 'assignee_type'],
);

const attachmentBase = { id: int, message_id: int, account_id: int };
/** `Attachment#push_event_data`, one shape per file type (attachments are never made sparse). */
const attachment: JsonSchema = {
  anyOf: [
    object({ ...attachmentBase, file_type: enumOf('location'), coordinates_lat: num, coordinates_long: num, fallback_title: nullable(str), data_url: nullable(str) }),
    object({ ...attachmentBase, file_type: enumOf('fallback'), fallback_title: nullable(str), data_url: nullable(str) }),
    object({ ...attachmentBase, file_type: enumOf('contact'), fallback_title: nullable(str), meta: anyObject }),
    object(
      {
        ...attachmentBase,
        file_type: enumOf(...ATTACHMENT_FILE_TYPES.filter((t) => !['location', 'fallback', 'contact'].includes(t))),
        extension: nullable(str),
        data_url: str,
        thumb_url: str,
        file_size: nullable(int),
        width: nullable(int),
        height: nullable(int),
        transcribed_text: str,
      },
      ['id', 'message_id', 'account_id', 'file_type', 'extension', 'data_url', 'thumb_url', 'file_size', 'width', 'height'],
    ),
  ],
};

const messageCommon = {
  id: int,
  content: str,
  inbox_id: int,
  conversation_id: int,
  message_type: enumOf(0, 1, 2, 3),
  content_type: str,
  status: enumOf('sent', 'delivered', 'read', 'failed'),
  content_attributes: anyObject,
  created_at: unixInt,
  private: bool,
  source_id: str,
  sender: ref('Sender'),
  attachments: arrayOf(ref('Attachment')),
};

/** `_message.json.jbuilder` (the messages index, a sent message with its `echo_id`). */
const message = object({ ...messageCommon, echo_id: {} }, req('message'));

/** `Message#push_event_data`: a conversation's `messages` and `last_non_activity_message`. */
const messagePush = object(
  {
    ...messageCommon,
    account_id: int,
    updated_at: dateTime,
    sender_type: enumOf('Contact', 'User', 'AgentBot', null),
    sender_id: int,
    external_source_ids: anyObject,
    additional_attributes: anyObject,
    processed_message_content: str,
    sentiment: anyObject,
    conversation: object({ assignee_id: nullable(int), unread_count: int, last_activity_at: unixInt, contact_inbox: object({ source_id: str }) }),
  },
  req('message'),
);

/** `AppliedSla#push_event_data`, or `{}` without an SLA. */
const appliedSla: JsonSchema = {
  anyOf: [
    { type: 'object', maxProperties: 0 },
    object({
      id: int,
      sla_id: int,
      sla_status: enumOf('active', 'hit', 'missed', 'active_with_misses'),
      created_at: unixInt,
      updated_at: unixInt,
      sla_description: nullable(str),
      sla_name: str,
      sla_first_response_time_threshold: nullable(num),
      sla_next_response_time_threshold: nullable(num),
      sla_only_during_business_hours: bool,
      sla_resolution_time_threshold: nullable(num),
    }),
  ],
};

const conversation = object(
  {
    meta: object(
      { sender: ref('Contact'), channel: str, hmac_verified: bool, assignee: { anyOf: [ref('Agent'), ref('AgentBotSlim')] }, assignee_type: enumOf('User', 'AgentBot') },
      ['sender'],
    ),
    id: int,
    messages: arrayOf(ref('MessagePush')),
    account_id: int,
    uuid: { type: 'string', format: 'uuid' },
    additional_attributes: anyObject,
    agent_last_seen_at: unixInt,
    assignee_last_seen_at: unixInt,
    can_reply: bool,
    contact_last_seen_at: unixInt,
    custom_attributes: anyObject,
    inbox_id: int,
    labels: arrayOf(str),
    muted: bool,
    snoozed_until: dateTime,
    status: enumOf(...CONVERSATION_STATUSES),
    created_at: num,
    updated_at: num,
    timestamp: unixInt,
    first_reply_created_at: unixInt,
    unread_count: int,
    last_non_activity_message: ref('MessagePush'),
    last_activity_at: unixInt,
    priority: enumOf(...CONVERSATION_PRIORITIES),
    waiting_since: unixInt,
    sla_policy_id: int,
    applied_sla: appliedSla,
    sla_events: arrayOf(anyObject),
  },
  req('conversation'),
);

const counts = object({ mine_count: int, assigned_count: int, unassigned_count: int, all_count: int }, ['mine_count', 'unassigned_count', 'all_count']);

const crmAgent = object({ id: int, name: str, email: str, avatar_url: str }, req('crm-agent'));
const lead = object(
  {
    id: int,
    custom_name: str,
    status: enumOf(...LEAD_STATUSES),
    lead_value: num,
    lead_currency: str,
    position: int,
    notes: str,
    assigned_agent: ref('CrmAgent'),
    company: object({ id: int, name: str, domain: str }, req('company')),
    conversation_id: int,
    custom_attributes: anyObject,
    created_at: dateTime,
    updated_at: dateTime,
  },
  req('lead'),
);
const task = object(
  {
    id: int,
    title: str,
    description: str,
    status: str,
    priority: str,
    due_at: nullable(dateTime),
    completed_at: dateTime,
    taskable_type: str,
    taskable_id: int,
    assigned_to: ref('CrmAgent'),
    created_at: dateTime,
    updated_at: dateTime,
  },
  req('task'),
);
const funnelCard = object({ id: int, funnel_id: int, funnel_stage_id: int, lead: ref('Lead'), position: int, created_at: dateTime, updated_at: dateTime }, req('card'));

const conversationList = (meta: JsonSchema): JsonSchema => object({ meta, payload: arrayOf(ref('Conversation')) });
const listParams = [
  query('assignee_type', enumOf('me', 'unassigned', 'assigned', 'all'), 'default all'),
  query('status', enumOf('open', 'resolved', 'pending', 'snoozed', 'all'), 'default open'),
  query('q', str, 'search in messages, contact name, email, phone, display id'),
  query('labels[]', str, 'repeatable: conversations with every label'),
  query('labels', str, 'comma-separated: conversations with every label'),
];
const page = query('page', { type: 'integer', minimum: 1 }, '1-based; a short page ends the list');
const conversationId = { conversation_id: { type: 'string', pattern: '^\\d+$' } };
const onConversation = (operation: SimOperation): SimOperation => ({
  pathParams: conversationId,
  ...operation,
  responses: { ...operation.responses, '404': json('Unknown conversation', errorBody) },
});
const unprocessable = json('Refused: `{"error": "…"}`', errorBody);

const operations: Record<string, SimOperation> = {
  [`GET ${BASE}/conversations`]: {
    parameters: [...listParams, page],
    responses: { '200': json('A page of conversations (last activity first) with the tab counts', object({ data: conversationList(ref('Counts')) })) },
  },
  [`GET ${BASE}/conversations/meta`]: { parameters: listParams, responses: { '200': json('The tab counts', object({ meta: ref('Counts') })) } },
  [`POST ${BASE}/conversations/filter`]: {
    parameters: [page],
    requestBody: jsonBody(
      object({
        payload: arrayOf(
          object({ attribute_key: str, filter_operator: str, values: {}, query_operator: nullable(enumOf('and', 'or', 'AND', 'OR')) }, ['attribute_key', 'filter_operator'], {
            open: true,
          }),
        ),
      }),
    ),
    responses: {
      '200': json('A page of matching conversations', conversationList(ref('Counts'))),
      '422': unprocessable,
      '500': json('A condition list Postgres cannot run (an `or` last), or a server error', { anyOf: [errorBody, ref('ServerError')] }),
    },
  },
  [`GET ${BASE}/conversations/:conversation_id`]: onConversation({ responses: { '200': json('The conversation (its `messages` hold the last message)', ref('Conversation')) } }),
  [`GET ${BASE}/conversations/:conversation_id/messages`]: onConversation({
    parameters: [query('before', str, 'a message id: the 20 before it'), query('after', str, 'a message id: up to 100 after it')],
    responses: {
      '200': json(
        'Messages, ascending',
        object(
          {
            meta: object(
              {
                labels: arrayOf(str),
                additional_attributes: anyObject,
                contact: ref('ContactPush'),
                agent_last_seen_at: nullable(dateTime),
                assignee_last_seen_at: nullable(dateTime),
                assignee: ref('UserPush'),
              },
              ['labels', 'additional_attributes', 'contact', 'agent_last_seen_at', 'assignee_last_seen_at'],
            ),
            payload: arrayOf(ref('Message')),
          },
          req('messages'),
        ),
      ),
    },
  }),
  [`GET ${BASE}/conversations/:conversation_id/labels`]: onConversation({ responses: { '200': json('Its labels', object({ payload: arrayOf(str) })) } }),
  [`GET ${BASE}/conversations/:conversation_id/crm`]: onConversation({
    responses: {
      '200': json(
        'The CRM sidebar',
        object({ conversation_id: int, linked_lead: nullable(ref('Lead')), linked_funnel_card: nullable(ref('FunnelCard')), follow_up_tasks: arrayOf(ref('Task')) }, req('crm')),
      ),
    },
  }),
  [`GET ${BASE}/leads`]: {
    parameters: [
      query('status', enumOf(...LEAD_STATUSES)),
      query('assigned_agent_id', str),
      query('source_inbox_id', str),
      query('sort_by', enumOf('created_at', 'updated_at', 'lead_value', 'position', 'custom_name')),
      query('sort_order', enumOf('asc', 'desc')),
      query('per_page', { type: 'integer', minimum: 1, maximum: 100 }),
      page,
    ],
    responses: {
      '200': json('A page of leads', object({ data: arrayOf(ref('Lead')), meta: object({ current_page: int, total_pages: int, total_count: int }) }, req('leads'))),
      '422': unprocessable,
    },
  },
  [`GET ${BASE}/agents`]: { responses: { '200': json("The account's agents", arrayOf(ref('Agent'))) } },
  [`GET ${BASE}/contacts/:contact_id`]: {
    pathParams: { contact_id: { type: 'string', pattern: '^\\d+$' } },
    responses: { '200': json('One contact of the account', object({ payload: ref('Contact') })), '404': json('Unknown contact', errorBody) },
  },
  [`POST ${BASE}/conversations/:conversation_id/messages`]: onConversation({
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: object(
            { content: str, private: bool, message_type: enumOf('outgoing', 'incoming', 0, 1), echo_id: {}, content_type: str, content_attributes: anyObject },
            ['content'],
            { open: true },
          ),
        },
        'multipart/form-data': {
          schema: object(
            { content: str, private: str, message_type: str, echo_id: str, 'attachments[]': arrayOf({ type: 'string', contentMediaType: 'application/octet-stream' }) },
            [],
            { open: true },
          ),
        },
      },
    },
    responses: { '200': json('The new message (with its `echo_id`)', ref('Message')), '422': unprocessable },
  }),
  [`POST ${BASE}/conversations/:conversation_id/toggle_status`]: onConversation({
    requestBody: jsonBody(object({ status: enumOf(...CONVERSATION_STATUSES), snoozed_until: { type: ['integer', 'string'] } }, [], { open: true }), false),
    responses: {
      '200': json(
        'The new status',
        object({ meta: object({}), payload: object({ success: bool, conversation_id: int, current_status: enumOf(...CONVERSATION_STATUSES), snoozed_until: nullable(dateTime) }) }),
      ),
      '422': unprocessable,
    },
  }),
  [`POST ${BASE}/conversations/:conversation_id/toggle_priority`]: onConversation({
    requestBody: jsonBody(object({ priority: enumOf(...CONVERSATION_PRIORITIES, null) }, [], { open: true }), false),
    responses: { '200': { description: 'Done (an empty body)' }, '422': unprocessable },
  }),
  [`POST ${BASE}/conversations/:conversation_id/assignments`]: onConversation({
    requestBody: jsonBody(object({ assignee_id: { type: ['integer', 'string', 'null'] }, team_id: { type: ['integer', 'string', 'null'] } }, [], { open: true })),
    responses: { '200': json('The new assignee, or null', nullable(ref('Agent'))) },
  }),
  [`POST ${BASE}/conversations/:conversation_id/update_last_seen`]: onConversation({ responses: { '200': json('The conversation, read', ref('Conversation')) } }),
  [`POST ${BASE}/conversations/:conversation_id/unread`]: onConversation({ responses: { '200': json('The conversation, unread', ref('Conversation')) } }),
  [`POST ${BASE}/conversations/:conversation_id/labels`]: onConversation({
    requestBody: jsonBody(object({ labels: arrayOf(str) })),
    responses: { '200': json('The new label list', object({ payload: arrayOf(str) })), '422': unprocessable },
  }),
  [`PATCH ${BASE}/leads/:lead_id/status`]: {
    pathParams: { lead_id: { type: 'string', pattern: '^\\d+$' } },
    requestBody: jsonBody(object({ status: enumOf(...LEAD_STATUSES), notes: nullable(str) }, ['status'])),
    responses: { '200': json('The lead', ref('Lead')), '404': json('Unknown lead', errorBody), '422': unprocessable },
  },
  [`GET ${BLOB_PATH}/:signed_id/:filename`]: {
    responses: {
      '200': { description: 'The file as uploaded, with its content type', content: { '*/*': { schema: {} } } },
      '404': { description: 'No such blob', content: { 'text/plain': { schema: str } } },
    },
  },
  [`PATCH ${BASE}/conversations/:conversation_id/messages/:message_id`]: onConversation({
    pathParams: { ...conversationId, message_id: { type: 'string', pattern: '^\\d+$' } },
    requestBody: jsonBody(object({ status: enumOf('sent', 'delivered', 'read', 'failed'), external_error: str }, ['status'])),
    responses: {
      '200': json('The message with its new status', ref('Message')),
      '403': json('Not an API inbox: the channel reports statuses itself', errorBody),
      '404': json('Unknown conversation or message', errorBody),
      '422': unprocessable,
    },
  }),
  [`DELETE ${BASE}/conversations/:conversation_id/messages/:message_id`]: onConversation({
    pathParams: { ...conversationId, message_id: { type: 'string', pattern: '^\\d+$' } },
    responses: { '200': json('The message, deleted (content replaced, `content_attributes.deleted`)', ref('Message')), '404': json('Unknown conversation or message', errorBody) },
  }),
  [`GET ${BASE}/inboxes`]: { responses: { '200': json("The account's inboxes", object({ payload: arrayOf(object({ id: int, name: str, channel_type: str })) })) } },
  [`POST ${BASE}/conversations`]: {
    requestBody: jsonBody(
      object(
        { contact_id: { type: ['integer', 'string'] }, inbox_id: { type: ['integer', 'string'] }, source_id: str, message: object({ content: str }, []) },
        ['contact_id', 'inbox_id'],
        { open: true },
      ),
    ),
    responses: { '200': json('The new conversation', ref('Conversation')), '404': json('Unknown contact or inbox', errorBody), '422': unprocessable },
  },
};

export const VOXYS_CONTRACT: SimContract = {
  schemas: {
    Error: errorBody,
    ServerError: object({ status: int, error: str }),
    Contact: contactPartial,
    ContactPush: contactPush,
    UserPush: userPush,
    Sender: sender,
    Agent: agent,
    AgentBotSlim: agentBotSlim,
    Attachment: attachment,
    Message: message,
    MessagePush: messagePush,
    Conversation: conversation,
    Counts: counts,
    CrmAgent: crmAgent,
    Lead: lead,
    Task: task,
    FunnelCard: funnelCard,
  },
  securitySchemes: { apiAccessToken: { type: 'apiKey', in: 'header', name: 'api_access_token' } },
  commonErrors: {
    '401': json('No token (devise), a wrong token, or an account the user is not in', { anyOf: [object({ errors: arrayOf(str) }), errorBody] }),
    '404': json('An unknown account or record', errorBody),
    '429': rateLimited({ description: "rack-attack's throttle (no reliable Retry-After)", content: { 'text/plain': { schema: str } } }, 'seconds, sometimes'),
    '500': json("Rails' error", ref('ServerError')),
    '503': json('Unavailable', ref('ServerError')),
  },
  operations,
};
