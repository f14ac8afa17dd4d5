import {
  arrayOf,
  bool,
  dateTime,
  enumOf,
  int,
  json,
  jsonBody,
  nullable,
  object,
  query,
  rateLimited,
  ref,
  requiredKeysOf,
  str,
  uuid,
  type JsonSchema,
  type SimContract,
  type SimOperation,
  type SimResponseSpec,
} from '../common/openapi.js';
import { MEDIA_TYPES, STORAGE_PATH } from './media.js';
import { IRON_BASE } from './routes.js';
import { IRON_SHAPES } from './shapes.js';

/**
 * Iron's contract (seed 004's endpoints; JSON ASSUMED FastAPI/Pydantic style, UPSTREAMS.md):
 * every route of routes.ts, write-routes.ts and source-routes.ts. Errors are `{"detail": "…"}`,
 * validation failures 422 `{"detail": [{type, loc, msg, input, ctx?}]}`. The keys always sent with
 * a value are the `sparse` shapes' `required` (shapes.ts).
 */

const req = requiredKeysOf(IRON_SHAPES);

const detail = object({ detail: str });
const validation = object({
  detail: arrayOf(object({ type: str, loc: arrayOf({ type: ['string', 'integer'] }), msg: str, input: {}, ctx: { type: 'object' } }, ['type', 'loc', 'msg', 'input'])),
});
const detailOrValidation = json('A refusal `{"detail": "…"}` or a validation list', { anyOf: [ref('Detail'), ref('ValidationError')] });
const problem = (description: string): SimResponseSpec => json(description, ref('Detail'));

const conversation = object(
  {
    id: uuid,
    contact: object({ id: uuid, name: str, email: str, phone: str }, req('contact')),
    channel: enumOf('sms', 'email', 'call'),
    last_activity_at: dateTime,
    last_message_preview: str,
    unread_count: int,
    starred: bool,
    archived: bool,
    assigned_to: nullable(uuid),
    sla: object({ due_at: dateTime, overdue: bool }, req('sla')),
  },
  req('conversation'),
);

/** `ai_summary` comes with calls only, `status` with AI drafts only (and is null on the other kinds when made sparse). */
const activity = object(
  {
    id: uuid,
    conversation_id: uuid,
    kind: enumOf('sms', 'email', 'call', 'note', 'suggestion'),
    direction: enumOf('inbound', 'outbound'),
    body: str,
    ai_summary: str,
    provider_message_id: str,
    status: enumOf('pending', 'sent', 'dismissed'),
    created_at: dateTime,
    media: arrayOf(ref('Media')),
  },
  req('activity').filter((key) => key !== 'status'),
);

/** An upload of `POST /conversations/media`: its `id` goes in a send's `media_ids`. */
const media = object({ id: uuid, url: { type: 'string', format: 'uri' }, filename: str, content_type: enumOf(...MEDIA_TYPES), size: int, created_at: dateTime });

const view = object({
  id: uuid,
  name: str,
  builtin: bool,
  filters: object({ unread: nullable(bool), starred: nullable(bool), archived: bool, overdue: nullable(bool), recent_days: nullable(int) }),
});
const views = object({ items: arrayOf(ref('View')) });

const page = (item: string): SimResponseSpec => json('A page, and the cursor of the next (null: the last)', object({ items: arrayOf(ref(item)), next_cursor: nullable(str) }));
const conversationId = { conversation_id: uuid };
const onConversation = (operation: SimOperation): SimOperation => ({
  pathParams: conversationId,
  ...operation,
  responses: { '404': problem('Conversation not found'), '422': detailOrValidation, ...operation.responses },
});
const theConversation = json('The thread as it is now', ref('Conversation'));
const textBody = (channels: string[], extra: Record<string, JsonSchema> = {}) => jsonBody(object({ body: str, channel: enumOf(...channels), ...extra }, ['body']));

const operations: Record<string, SimOperation> = {
  [`GET ${IRON_BASE}/conversations`]: {
    parameters: [
      query('scope', enumOf('mine', 'team'), 'default team'),
      query('archived', bool),
      query('overdue', bool),
      query('limit', { type: 'integer', minimum: 1, maximum: 100 }, 'default 25'),
      query('cursor', str, 'the previous page’s `next_cursor`'),
    ],
    responses: { '200': page('Conversation'), '400': problem('Invalid cursor'), '422': json('A query parameter failed validation', ref('ValidationError')) },
  },
  [`GET ${IRON_BASE}/conversations/views`]: { responses: { '200': json('The saved inbox views', views) } },
  [`GET ${IRON_BASE}/conversations/views/counts`]: {
    responses: { '200': json('Per view: unread and total threads', object({ items: arrayOf(object({ view_id: uuid, name: str, unread: int, total: int })) })) },
  },
  [`GET ${IRON_BASE}/conversations/sla`]: {
    responses: { '200': json("The org's SLA configuration", object({ enabled: bool, first_response_minutes: int, business_hours_only: bool })) },
  },
  [`GET ${IRON_BASE}/conversations/overdue/count`]: { responses: { '200': json('Open threads past their SLA', object({ count: int })) } },
  [`GET ${IRON_BASE}/conversations/:conversation_id`]: onConversation({ responses: { '200': json('The thread', ref('Conversation')) } }),
  [`GET ${IRON_BASE}/conversations/:conversation_id/messages`]: onConversation({
    parameters: [query('limit', { type: 'integer', minimum: 1, maximum: 50 }, 'default 25'), query('before', uuid, 'an activity id (the previous page’s `next_cursor`)')],
    responses: { '200': page('Activity'), '400': problem('`before` is not an activity of this conversation') },
  }),
  [`GET ${IRON_BASE}/org/members`]: {
    responses: {
      '200': json("The org's members", object({ items: arrayOf(object({ user_id: uuid, name: str, email: str, role: str, joined_at: dateTime }, req('member'))) }, req('members'))),
    },
  },
  [`POST ${IRON_BASE}/conversations/:conversation_id/messages`]: onConversation({
    requestBody: textBody(['sms', 'email', 'call'], { media_ids: arrayOf(uuid) }),
    responses: { '201': json('The sent activity', ref('Activity')) },
  }),
  [`POST ${IRON_BASE}/conversations/:conversation_id/read`]: onConversation({ responses: { '200': theConversation } }),
  [`POST ${IRON_BASE}/conversations/:conversation_id/unread`]: onConversation({ responses: { '200': theConversation } }),
  [`POST ${IRON_BASE}/conversations/:conversation_id/star`]: onConversation({ responses: { '200': theConversation } }),
  [`DELETE ${IRON_BASE}/conversations/:conversation_id/star`]: onConversation({ responses: { '200': theConversation } }),
  [`POST ${IRON_BASE}/conversations/:conversation_id/archive`]: onConversation({
    requestBody: jsonBody(object({ archived: bool })),
    responses: { '200': theConversation },
  }),
  [`POST ${IRON_BASE}/conversations/:conversation_id/assign`]: onConversation({
    requestBody: jsonBody(object({ assigned_to: nullable(uuid) })),
    responses: { '200': theConversation },
  }),
  [`POST ${IRON_BASE}/conversations/:conversation_id/suggestions/:activity_id/send`]: onConversation({
    pathParams: { ...conversationId, activity_id: uuid },
    responses: { '200': json('The outbound activity the draft became', ref('Activity')), '409': problem('The draft is no longer pending') },
  }),
  [`POST ${IRON_BASE}/conversations/:conversation_id/suggestions/:activity_id/dismiss`]: onConversation({
    pathParams: { ...conversationId, activity_id: uuid },
    responses: { '200': json('The dismissed draft', ref('Activity')), '409': problem('The draft is no longer pending') },
  }),
  [`POST ${IRON_BASE}/conversations/media`]: {
    requestBody: {
      required: true,
      content: { 'multipart/form-data': { schema: object({ file: { type: 'string', contentMediaType: 'application/octet-stream' } }) } },
    },
    responses: {
      '201': json('The stored upload', ref('Media')),
      '413': problem('Larger than 10 MB'),
      '415': problem('A type no SMS/MMS or email provider carries'),
      '422': detailOrValidation,
    },
  },
  [`GET ${STORAGE_PATH}/:media_id/:filename`]: {
    pathParams: { media_id: uuid },
    responses: {
      '200': { description: 'The file (a public bucket: no auth)', content: { '*/*': { schema: {} } } },
      '404': json("Supabase Storage's not found", object({ statusCode: str, error: str, message: str })),
    },
  },
  [`PUT ${IRON_BASE}/conversations/views`]: {
    requestBody: jsonBody(
      object({
        items: arrayOf(
          object(
            {
              id: uuid,
              name: { type: 'string', minLength: 1, maxLength: 100 },
              filters: object({ unread: bool, starred: bool, archived: bool, overdue: bool, recent_days: { type: 'integer', minimum: 1 } }, []),
            },
            ['name'],
          ),
        ),
      }),
    ),
    responses: {
      '200': json('The views as saved', views),
      '404': problem('View not found'),
      '422': json('A built-in view left out, or a field failed validation', { anyOf: [ref('Detail'), ref('ValidationError')] }),
    },
  },
  [`POST ${IRON_BASE}/contacts/:contact_id/conversations`]: {
    pathParams: { contact_id: uuid },
    requestBody: textBody(['sms', 'email']),
    responses: {
      '201': json('The new thread', ref('Conversation')),
      '404': problem('Contact not found'),
      '422': json('The contact cannot be reached on that channel, or a field failed validation', { anyOf: [ref('Detail'), ref('ValidationError')] }),
    },
  },
};

export const IRON_CONTRACT: SimContract = {
  schemas: { Detail: detail, ValidationError: validation, Conversation: conversation, Activity: activity, Media: media, View: view },
  securitySchemes: {
    bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'a Supabase JWT' },
    orgId: { type: 'apiKey', in: 'header', name: 'X-Org-Id', description: "the acting org's uuid (without it: the caller's earliest-joined org)" },
  },
  security: [{ bearer: [], orgId: [] }, { bearer: [] }],
  commonErrors: {
    '400': problem('A malformed X-Org-Id'),
    '401': { ...problem('Not authenticated, or an invalid or expired token'), headers: { 'www-authenticate': { description: 'Bearer', schema: enumOf('Bearer') } } },
    '403': problem('Not a member of this organization'),
    '404': problem('Not Found'),
    '429': rateLimited(problem('Too Many Requests')),
    '500': problem('Internal Server Error'),
    '503': problem('Service Unavailable'),
  },
  operations,
};
