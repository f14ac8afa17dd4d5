import type { SimRequest, SimResponse, SimServer } from '../common/server.js';
import { UnknownConversationError, type ChatvoltLive } from './live.js';
import { objectBody, optionalString } from './request-body.js';

const bad = (error: string): SimResponse => ({ status: 400, body: { error } });

/**
 * The live admin API (under `/__admin`):
 * - `POST /inject/message {conversationId?, content?}` → `{conversationId, id}` (404 unknown conversation);
 * - `POST /webhook {url, secret?}` sets where webhooks go, `{url: null}` stops them (Chatvolt signs
 *   nothing: the URL carries the gateway's token, the secret is not used);
 * - `GET /webhook` → `{url, deliveries}`.
 * Chatvolt has no AI drafts, so there is no suggestion injection.
 */
export function addChatvoltLiveAdmin(server: SimServer, live: ChatvoltLive): void {
  server.addAdmin('POST', '/inject/message', (req) => injectMessage(live, req));
  server.addAdmin('POST', '/webhook', (req) => setWebhook(live, req));
  server.addAdmin('GET', '/webhook', () => ({ status: 200, body: { url: live.webhookUrl, deliveries: live.deliveries } }));
}

async function injectMessage(live: ChatvoltLive, req: SimRequest): Promise<SimResponse> {
  const body = req.rawBody.trim() === '' ? {} : objectBody(req);
  if (!body) return bad('body must be a JSON object');
  const conversationId = optionalString(body, 'conversationId');
  const content = optionalString(body, 'content');
  if (conversationId === null || conversationId === '') return bad('conversationId must be a non-empty string');
  if (content === null || content?.trim() === '') return bad('content must be a non-empty string');
  try {
    return { status: 200, body: await live.injectInboundMessage(conversationId, content) };
  } catch (error) {
    if (error instanceof UnknownConversationError) return { status: 404, body: { error: 'no such conversation' } };
    throw error;
  }
}

function setWebhook(live: ChatvoltLive, req: SimRequest): SimResponse {
  const body = objectBody(req);
  if (!body || !('url' in body)) return bad('body must be {url, secret?} or {url: null}');
  if (body.url === null) {
    live.setWebhookTarget(null);
    return { status: 200, body: { url: null } };
  }
  const secret = optionalString(body, 'secret');
  if (typeof body.url !== 'string' || !URL.canParse(body.url) || secret === null) return bad('url must be an absolute URL and secret a string');
  live.setWebhookTarget({ url: body.url, secret: secret ?? '' });
  return { status: 200, body: { url: body.url } };
}
