import type { SimRequest, SimResponse, SimServer } from '../common/server.js';
import type { InjectedChange } from '../common/simulator.js';
import { IronLiveError, type IronLive } from './live.js';

type Inject = (conversationId?: string, content?: string) => Promise<InjectedChange>;

/**
 * The live admin API: `POST /__admin/inject/message` and `POST /__admin/inject/suggestion`
 * (`{conversationId?, content?}` → 200 InjectedChange; 400 for a bad body or content, 404 for an
 * unknown conversation), and `POST /__admin/webhook` (`{url, secret}` or `{url: null}`), which
 * Iron accepts and ignores: it sends no webhooks.
 */
export function addIronLiveAdmin(server: SimServer, live: IronLive): void {
  server.addAdmin('POST', '/inject/message', (req) => inject(req, (id, content) => live.injectInboundMessage(id, content)));
  server.addAdmin('POST', '/inject/suggestion', (req) => inject(req, (id, content) => live.injectSuggestion(id, content)));
  server.addAdmin('POST', '/webhook', (req) => webhook(req, live));
}

async function inject(req: SimRequest, run: Inject): Promise<SimResponse> {
  const fields = objectBody(req);
  if (!fields) return problem(400, 'body must be a JSON object');
  const conversationId = optionalString(fields, 'conversationId');
  const content = optionalString(fields, 'content');
  if (conversationId === false) return problem(400, 'conversationId must be a string');
  if (content === false) return problem(400, 'content must be a string');
  try {
    return { status: 200, body: await run(conversationId, content) };
  } catch (error) {
    if (error instanceof IronLiveError) return problem(error.status, error.message);
    throw error;
  }
}

function webhook(req: SimRequest, live: IronLive): SimResponse {
  const fields = objectBody(req);
  if (!fields) return problem(400, 'body must be a JSON object');
  const note = 'Iron pushes no webhooks: its changes are found by polling';
  if (fields.url === null || fields.url === undefined) {
    live.setWebhookTarget(null);
    return { status: 200, body: { target: null, delivers: false, note } };
  }
  if (typeof fields.url !== 'string' || typeof fields.secret !== 'string') return problem(400, 'expected {url, secret} or {url: null}');
  live.setWebhookTarget({ url: fields.url, secret: fields.secret });
  return { status: 200, body: { target: null, delivers: false, note } };
}

/** The body's fields; an empty body counts as `{}`. */
function objectBody(req: SimRequest): Record<string, unknown> | null {
  if (req.rawBody.trim() === '') return {};
  const body = req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/** A string field, undefined when absent or null, false when it is something else. */
function optionalString(fields: Record<string, unknown>, name: string): string | undefined | false {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : false;
}

function problem(status: number, message: string): SimResponse {
  return { status, body: { error: message } };
}
