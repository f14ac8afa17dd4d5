import { z } from 'zod';
import {
  anyObject,
  arrayOf,
  bool,
  enumOf,
  int,
  json,
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
import { VOICEGLOW_SHAPES } from './shapes.js';
import { assignBody, patchBody } from './writes.js';

/**
 * VoiceGlow's contract (seed 003's convo document, convocore-mcp's list rows and turns; MAPPING.md):
 * every route of routes.ts. Answers wear the `{success, message, data}` envelope; errors are
 * tRPC-OpenAPI's `{success: false, message, code}`. Times are mixed on purpose: unix seconds
 * (`ts`, `lastMessageTS`, `lastModified`), milliseconds (hand-offs, `lastViewed`, transcripts) and
 * ISO-8601 (CRM fields). The keys always sent with a value are the `sparse` shapes' `required`.
 * Request bodies come from the handlers' own zod schemas (writes.ts).
 */

/**
 * The keys a shape never lets the `sparse` knob take, less those the document itself may lack
 * (`lastMessageTS` before the first message, `isAIGenerated` on contact and system turns).
 */
const SOMETIMES_ABSENT = new Set(['lastMessageTS', 'isAIGenerated']);
const requiredOf = requiredKeysOf(VOICEGLOW_SHAPES);
const req = (name: string): readonly string[] => requiredOf(name).filter((key) => !SOMETIMES_ABSENT.has(key));

/** The zod schema a handler checks its body with, as JSON Schema (no `$schema`: it sits inside the document). */
function fromZod(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema) as JsonSchema;
  return rest;
}

const states = enumOf('ai-chatting', 'requested_chat', 'human-chatting', 'ended_chat');
const unixSeconds = num;
const unixMs = num;
/** ISO-8601 as the simulator writes them; the published schema (seed 003) promises only a string. */
const isoText: JsonSchema = { type: 'string', description: 'ISO-8601' };

const vgError = object({ success: enumOf(false), message: str, code: str, issues: arrayOf(object({ path: arrayOf({ type: ['string', 'integer'] }), message: str })) }, [
  'success',
  'message',
  'code',
]);
const envelope = (data: JsonSchema, extra: Record<string, JsonSchema> = {}, required: readonly string[] = ['success', 'data']): JsonSchema =>
  object({ success: enumOf(true), message: str, data, ...extra }, required);

const assignedTo = object({ userId: str, name: str, email: str, photoUrl: str, note: str, assignedAt: isoText }, req('assigned-to'));

const handoff = object(
  { requestedAt: unixMs, acceptedAt: unixMs, completedAt: unixMs, acceptedBy: str, organizationId: str, requestedTeamKey: str, teamIds: arrayOf(str), teamKeys: arrayOf(str) },
  ['requestedAt'],
);

const crmActivity = object(
  {
    id: str,
    title: str,
    date: isoText,
    dueDate: isoText,
    completed: bool,
    responded: bool,
    firstEngaged: bool,
    secondEngaged: bool,
    note: str,
    notesHistory: arrayOf(object({ text: str, agentId: str, agentName: str, timestamp: isoText })),
    metadata: anyObject,
  },
  req('crm-activity'),
);

const crmAlerts = object({ overdueECD: bool, overdueActivity: bool, staleLead: bool, responded: bool, newHandoffAssigned: bool }, req('crm-alerts'));

/**
 * The convo document (`GET …/convos/{convoId}`): a list nobody wrote is absent, not `[]`. Open: the
 * published schema (seed 003) lists many more fields than the simulator writes (social handles,
 * voice and cost details, sessions…), and a Firestore document carries whatever was set on it.
 */
const convo = object(
  {
    ID: str,
    userID: str,
    ts: unixSeconds,
    firstMessageTS: unixSeconds,
    lastMessageTS: unixSeconds,
    lastModified: unixSeconds,
    messagesNum: int,
    interactionsNum: int,
    origin: str,
    userPlatform: str,
    state: states,
    tags: arrayOf(str),
    title: str,
    summary: str,
    lastMessage: str,
    userName: str,
    userEmail: str,
    userPhone: str,
    userCompany: str,
    userProfilePic: str,
    notes: str,
    value: num,
    currency: str,
    expectedCloseDate: str,
    lostReason: str,
    lastActivityDate: isoText,
    leadScore: num,
    hotScore: num,
    assignedTo: ref('AssignedTo'),
    chatAssignedTo: str,
    humanClaimedAt: unixMs,
    humanLastRepliedAt: unixMs,
    pendingAiReplyAt: unixMs,
    delegatedBy: str,
    delegatedAt: unixMs,
    handoffHistory: arrayOf(ref('Handoff')),
    lastViewed: unixMs,
    endReason: str,
    crmActivities: arrayOf(ref('CrmActivity')),
    crmAlerts: ref('CrmAlerts'),
    funnelStepsMatched: arrayOf(str),
    funnelScoreHistory: arrayOf(object({ score: num, ts: unixMs })),
    funnelLastEvaluated: unixMs,
    funnelSummary: str,
  },
  req('convo'),
  { open: true },
);

/** A list row: the light columns only. */
const convoRow = object(
  {
    ID: str,
    userID: str,
    ts: unixSeconds,
    lastMessageTS: unixSeconds,
    lastModified: unixSeconds,
    messagesNum: int,
    origin: str,
    state: states,
    tags: arrayOf(str),
    userName: str,
    userEmail: str,
    userPhone: str,
    assignedTo: ref('AssignedTo'),
    chatAssignedTo: str,
  },
  req('convo'),
);

const turn = object(
  {
    from: enumOf('human', 'bot', 'system'),
    messages: arrayOf(
      object(
        {
          type: str,
          item: object({ type: str, payload: object({ message: str, image: str, buttons: arrayOf(object({ name: str })) }, []) }),
          ts: unixMs,
          mid: str,
        },
        req('turn-message'),
      ),
    ),
    ts: unixMs,
    isAIGenerated: bool,
    sentBy: object({ userId: str, name: str, email: str }),
  },
  req('turn'),
);

const done = json('Done', object({ success: enumOf(true), message: str }));
const notOwned = json('FORBIDDEN: the workspace does not own the agent', ref('Error'));
const notFound = json('NOT_FOUND: no such conversation', ref('Error'));
const badRequest = json('BAD_REQUEST: input validation failed (with `issues`), or a bad cursor, limit or format', ref('Error'));
const onConvo = (operation: SimOperation): SimOperation => ({ ...operation, responses: { '403': notOwned, '404': notFound, ...operation.responses } });

const operations: Record<string, SimOperation> = {
  'GET /v3/agents/:agentId/convos': {
    parameters: [
      query('limit', { type: 'integer', minimum: 1 }, 'at most 20 rows whatever is asked'),
      query('cursor', str, 'the previous page’s `nextCursor`'),
      query('page', str, 'only 1 without a cursor'),
    ],
    responses: {
      '200': json('A page, newest first', envelope(arrayOf(ref('ConvoRow')), { hasMore: bool, nextCursor: nullable(str) }, req('list'))),
      '400': badRequest,
      '403': notOwned,
    },
  },
  'GET /v3/agents/:agentId/convos/:convoId': onConvo({ responses: { '200': json('The full lead/convo document', envelope(ref('Convo'), {}, req('document'))) } }),
  'GET /v3/agents/:agentId/convos/:convoId/export': onConvo({
    parameters: [query('format', enumOf('json', 'csv'), 'default json')],
    responses: {
      '200': {
        description: 'The transcript: turns (json) or one line per message (csv)',
        content: {
          'application/json': { schema: envelope(object({ convoId: str, turns: arrayOf(ref('Turn')) }, req('transcript')), {}, req('export')) },
          'text/csv': { schema: { type: 'string', pattern: '^ts,from,type,message\\n' } },
        },
      },
      '400': badRequest,
    },
  }),
  'PATCH /v3/agents/:agentId/convos/:convoId': onConvo({
    requestBody: { required: true, content: { 'application/json': { schema: fromZod(patchBody) } } },
    responses: { '200': done, '400': badRequest },
  }),
  'POST /v3/agents/:agentId/convos/:convoId/assign': onConvo({
    requestBody: { required: true, content: { 'application/json': { schema: fromZod(assignBody) } } },
    responses: {
      '200': json('Assigned', object({ success: enumOf(true), message: str, assignedUser: object({ id: str, name: str, email: str }) })),
      '400': badRequest,
    },
  }),
};

export const VOICEGLOW_CONTRACT: SimContract = {
  schemas: { Error: vgError, AssignedTo: assignedTo, Handoff: handoff, CrmActivity: crmActivity, CrmAlerts: crmAlerts, Convo: convo, ConvoRow: convoRow, Turn: turn },
  securitySchemes: { workspaceSecret: { type: 'http', scheme: 'bearer', description: 'the workspace secret' } },
  commonErrors: {
    '401': json('UNAUTHORIZED: invalid or missing workspace secret', ref('Error')),
    '404': json('NOT_FOUND', ref('Error')),
    '429': rateLimited(json('TOO_MANY_REQUESTS', ref('Error'))),
    '500': json('INTERNAL_SERVER_ERROR', ref('Error')),
    '503': json('SERVICE_UNAVAILABLE', ref('Error')),
  },
  operations,
};
