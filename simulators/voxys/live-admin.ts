import type { SimRequest, SimResponse, SimServer } from '../common/server.js';
import { UnknownConversationError, type VoxysLive } from './live.js';

/**
 * The simulator's admin API for live traffic (never part of the platform's own paths):
 *   POST /__admin/inject/message {conversationId?, content?}  → 200 {conversationId, id} (404 unknown conversation)
 *   POST /__admin/inject/conversation {content?, contactName?, inboxId?} → 200 {conversationId, id}: a new contact's first message
 *   POST /__admin/inject/message-status {conversationId, messageId, status} → 200 {conversationId, id}: a delivery receipt
 *   POST /__admin/webhook {url, secret, order?} | {url: null}  → 200 {url, signed}: order "writes"
 *        (default: every delivery after the previous one) or "conversation" (in order per conversation,
 *        concurrently across conversations)
 *   GET  /__admin/webhook                                      → 200 {url, deliveries}
 */

type Params = Record<string, unknown>;

function objectBody(req: SimRequest): Params | null {
  if (req.body === undefined && req.rawBody.trim() === '') return {};
  return typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Params) : null;
}

const badRequest = (error: string): SimResponse => ({ status: 400, body: { error } });

async function injectMessage(live: VoxysLive, req: SimRequest): Promise<SimResponse> {
  const body = objectBody(req);
  if (!body) return badRequest('body must be a JSON object');
  const { conversationId, content } = body;
  if (conversationId !== undefined && conversationId !== null && typeof conversationId !== 'string' && typeof conversationId !== 'number') {
    return badRequest('conversationId must be a string');
  }
  if (content !== undefined && content !== null && (typeof content !== 'string' || content.trim() === '')) return badRequest('content must be a non-empty string');
  try {
    const change = await live.injectInboundMessage(conversationId == null ? undefined : String(conversationId), content == null ? undefined : content);
    return { status: 200, body: change };
  } catch (error) {
    if (error instanceof UnknownConversationError) return { status: 404, body: { error: error.message } };
    throw error;
  }
}

async function injectConversation(live: VoxysLive, req: SimRequest): Promise<SimResponse> {
  const body = objectBody(req);
  if (!body) return badRequest('body must be a JSON object');
  const { content, contactName, inboxId } = body;
  if (content !== undefined && (typeof content !== 'string' || content.trim() === '')) return badRequest('content must be a non-empty string');
  if (contactName !== undefined && (typeof contactName !== 'string' || contactName.trim() === '')) return badRequest('contactName must be a non-empty string');
  if (inboxId !== undefined && (typeof inboxId !== 'number' || !Number.isInteger(inboxId))) return badRequest('inboxId must be an integer');
  try {
    return {
      status: 200,
      body: await live.injectNewConversation({ ...(content ? { content } : {}), ...(contactName ? { contactName } : {}), ...(inboxId !== undefined ? { inboxId } : {}) }),
    };
  } catch (error) {
    if (error instanceof UnknownConversationError) return { status: 404, body: { error: error.message } };
    throw error;
  }
}

async function injectMessageStatus(live: VoxysLive, req: SimRequest): Promise<SimResponse> {
  const body = objectBody(req);
  if (!body) return badRequest('body must be a JSON object');
  const { conversationId, messageId, status } = body;
  const id = (value: unknown) => (typeof value === 'number' || typeof value === 'string' ? String(value) : null);
  if (id(conversationId) === null || id(messageId) === null) return badRequest('conversationId and messageId are required');
  if (typeof status !== 'string') return badRequest('status must be sent, delivered, read or failed');
  try {
    return { status: 200, body: await live.injectMessageStatus(id(conversationId)!, id(messageId)!, status) };
  } catch (error) {
    if (error instanceof UnknownConversationError) return { status: 404, body: { error: error.message } };
    if (error instanceof RangeError) return badRequest(error.message);
    throw error;
  }
}

function setWebhook(live: VoxysLive, req: SimRequest): SimResponse {
  const body = objectBody(req);
  if (!body) return badRequest('body must be a JSON object');
  if (body.url === null) {
    live.setWebhookTarget(null);
    return { status: 200, body: { url: null, signed: false } };
  }
  if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url) || !URL.canParse(body.url)) return badRequest('url must be an http(s) URL or null');
  const secret = body.secret ?? '';
  if (typeof secret !== 'string') return badRequest('secret must be a string');
  const order = body.order ?? 'writes';
  if (order !== 'writes' && order !== 'conversation') return badRequest('order must be "writes" or "conversation"');
  live.setWebhookTarget({ url: body.url, secret, order });
  return { status: 200, body: { url: body.url, signed: secret !== '' } };
}

export function addVoxysLiveAdmin(server: SimServer, live: VoxysLive): void {
  server.addAdmin('POST', '/inject/message', (req) => injectMessage(live, req));
  server.addAdmin('POST', '/inject/conversation', (req) => injectConversation(live, req));
  server.addAdmin('POST', '/inject/message-status', (req) => injectMessageStatus(live, req));
  server.addAdmin('POST', '/webhook', (req) => setWebhook(live, req));
  server.addAdmin('GET', '/webhook', () => ({ status: 200, body: { url: live.webhookUrl, deliveries: live.deliveries } }));
}
