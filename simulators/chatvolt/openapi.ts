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
import { CONVERSATION_CHANNELS, CONVERSATION_PRIORITIES, CONVERSATION_STATUSES } from './records.js';
import { CHATVOLT_SHAPES } from './shapes.js';

/**
 * Chatvolt's contract (Chaindesk's Prisma rows as its API returns them, specs/conversations.yaml;
 * MAPPING.md): every route of routes.ts and write-routes.ts. The keys always sent with a value are
 * the `sparse` shapes' `required` (shapes.ts); the others may be left out or null.
 */

const req = requiredKeysOf(CHATVOLT_SHAPES);

const statuses = enumOf(...CONVERSATION_STATUSES);
const priorities = enumOf(...CONVERSATION_PRIORITIES);
/** Chaindesk's `ApiError`: `{ "error": "<ApiErrorType>" }`. */
const apiError = object({ error: str });
const ok = object({ success: bool, message: str });

const contact = object(
  {
    id: str,
    organizationId: str,
    email: str,
    phoneNumber: str,
    firstName: str,
    lastName: str,
    externalId: str,
    picture: str,
    metadata: anyObject,
    createdAt: dateTime,
    updatedAt: dateTime,
  },
  req('contact'),
);

const conversation = object(
  {
    id: str,
    title: str,
    isAiEnabled: bool,
    channel: enumOf(...CONVERSATION_CHANNELS),
    status: statuses,
    metadata: anyObject,
    channelExternalId: str,
    channelCredentialsId: str,
    organizationId: str,
    mailInboxId: str,
    priority: priorities,
    formId: str,
    agentId: str,
    userId: str,
    visitorId: str,
    frustration: num,
    createdAt: dateTime,
    updatedAt: dateTime,
    participantsContacts: arrayOf(ref('Contact')),
    conversationVariables: arrayOf(object({ conversationId: str, varName: str, varValue: str })),
    conversationContexts: arrayOf(object({ context: nullable(str), updatedAt: dateTime })),
    assignees: arrayOf(object({ id: str, user: object({ id: str, name: str, email: str }, req('assignee-user')) }, req('assignee'))),
    tags: arrayOf(object({ tag: str }, req('tag'))),
    crmScenarioConversations: arrayOf(
      object(
        {
          available: bool,
          scenario: object({ id: str, name: nullable(str) }, req('link-scenario')),
          step: object({ id: str, name: nullable(str) }, req('link-step')),
          createdAt: dateTime,
          updatedAt: dateTime,
        },
        req('scenario-link'),
      ),
    ),
  },
  req('conversation'),
);

const message = object(
  {
    id: str,
    text: str,
    html: str,
    from: enumOf('human', 'agent'),
    conversationId: str,
    sources: arrayOf({}),
    usage: anyObject,
    externalId: str,
    userId: nullable(str),
    contactId: str,
    visitorId: str,
    agentId: str,
    metadata: anyObject,
    inputId: str,
    eval: enumOf('good', 'bad'),
    read: bool,
    agentModel: str,
    usageCredits: num,
    attachments: arrayOf(object({ id: str, url: str, name: str, mimeType: str, size: int, createdAt: dateTime, conversationId: str, messageId: str }, req('attachment'))),
    createdAt: dateTime,
    updatedAt: dateTime,
  },
  req('message'),
);

const scenario = object({ id: str, name: str, description: str, organizationId: str, createdAt: dateTime, updatedAt: dateTime }, req('scenario'));
const step = object(
  {
    id: str,
    scenarioId: str,
    name: str,
    index: int,
    prompt: str,
    trigger: str,
    initialMessage: str,
    agentId: str,
    autoNextStepId: str,
    autoNextTime: num,
    autoNextTimeUnit: enumOf('m', 'h', 'd'),
    defaultStatus: statuses,
    defaultPriority: priorities,
    defaultAiControl: bool,
    assigneeLogicType: enumOf('none', 'clear', 'single_user', 'random_selected', 'fair_distribution_selected'),
    selectedMembershipIdsForAssignee: arrayOf(str),
    isRequired: bool,
    isConversationRemovalStep: bool,
    defaultTags: arrayOf(str),
    defaultTagsToRemove: arrayOf(str),
    organizationId: str,
    createdAt: dateTime,
    updatedAt: dateTime,
    requestContact: { type: 'null' },
    webhookUrl: { type: 'null' },
    webhookHeader: { type: 'null' },
  },
  req('step'),
);

const messages = json(
  'The last messages, oldest first, with the conversation status',
  object({ status: statuses, isAiEnabled: bool, userId: str, organizationId: str, messages: arrayOf(ref('Message')) }, req('messages')),
);
const invalid = json('INVALID_REQUEST', apiError);
const notFound = json('NOT_FOUND', apiError);
const setter = (body: Record<string, JsonSchema>): SimOperation => ({
  requestBody: jsonBody(object(body, 'all', { open: true })),
  responses: { '200': json('Done', ok), '400': invalid, '404': notFound },
});

const operations: Record<string, SimOperation> = {
  'GET /conversation': {
    parameters: [
      query('agentId', str, "an agent's id, or `null` for none"),
      query('channel', enumOf(...CONVERSATION_CHANNELS)),
      query('status', statuses),
      query('priority', priorities),
      query('assigneeId', str, 'a membership id, or `unassigned`'),
      query('unread', enumOf('true', 'false')),
      query('createdAt', str, 'from this date (YYYY-MM-DD[ HH:mm[:ss]] UTC, or ISO 8601)'),
      query('endDate', str, 'up to this date (a bare date: its end)'),
    ],
    responses: { '200': json('Every matching conversation, newest first (no paging)', arrayOf(ref('Conversation'))), '400': invalid },
  },
  'GET /conversation/:conversationId': { responses: { '200': json('ConversationDetailed', ref('Conversation')), '404': notFound } },
  'GET /conversation/:conversationId/messages': { responses: { '200': messages, '400': invalid, '404': notFound } },
  'GET /conversation/:conversationId/messages/:count': {
    pathParams: { count: { type: 'string', pattern: '^\\d+$' } },
    responses: { '200': messages, '400': invalid, '404': notFound },
  },
  'GET /crm/scenario': { parameters: [query('agentId', str)], responses: { '200': json('CRM scenarios', arrayOf(ref('Scenario'))) } },
  'GET /crm/step': {
    parameters: [{ name: 'scenarioId', in: 'query', required: true, schema: str }, query('agentId', str)],
    responses: { '200': json("The scenario's steps", arrayOf(ref('Step'))), '400': invalid },
  },
  'POST /conversation/message/:type/:value': {
    pathParams: { type: enumOf('conversationId', 'phone', 'email') },
    requestBody: jsonBody(object({ message: str, attachments: arrayOf(anyObject), agentId: str, channel: str }, ['message'], { open: true })),
    responses: {
      '200': json('Sent', object({ success: bool, message: ref('Message') })),
      '400': invalid,
      '404': notFound,
      '406': json('ERR_META_SESSION_EXPIRED_24H: outside the WhatsApp/Instagram 24-hour window', apiError),
      '500': json('No conversation for that phone or email, or a server error', apiError),
    },
  },
  'POST /conversations/:conversationId/set-status': setter({ status: statuses }),
  'POST /conversations/:conversationId/set-priority': setter({ priority: priorities }),
  'POST /conversations/:conversationId/set-ai-enabled': setter({ enabled: bool }),
  'POST /conversations/:conversationId/assign': {
    requestBody: jsonBody(object({ membershipId: str, id: str, email: str }, [], { open: true })),
    responses: {
      '200': json('Assigned', ok),
      '400': invalid,
      '403': {
        description: 'UNAUTHORIZED: the user is not a member of the organization; or a missing or unknown key (plain `Forbidden`)',
        content: { 'application/json': { schema: apiError }, 'text/plain': { schema: enumOf('Forbidden') } },
      },
      '404': notFound,
    },
  },
  'POST /crm/step/move': {
    requestBody: jsonBody(
      object({ conversationId: str, scenarioId: str, destStepId: str, destStepIndex: int, shouldSendInitialMessage: bool }, ['conversationId', 'shouldSendInitialMessage'], {
        open: true,
      }),
    ),
    responses: {
      '200': json(
        'Moved',
        object({ success: bool, message: str, newStepId: str, messageSent: bool, messageError: nullable(str), sentMessageId: nullable(str), blockedBy24hRule: bool }),
      ),
      '400': invalid,
      '404': notFound,
    },
  },
};

export const CHATVOLT_CONTRACT: SimContract = {
  schemas: { Error: apiError, Contact: contact, Conversation: conversation, Message: message, Scenario: scenario, Step: step },
  securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'the API key (the organization is implied by it)' } },
  commonErrors: {
    '403': { description: 'A missing or unknown key (Chaindesk answers 403, never 401)', content: { 'text/plain': { schema: enumOf('Forbidden') } } },
    '429': rateLimited(json('RATE_LIMIT', apiError)),
    '500': json('Internal Server Error', apiError),
    '503': json('Service Unavailable', apiError),
  },
  operations,
};
