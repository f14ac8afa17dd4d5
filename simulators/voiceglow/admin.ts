import { z } from 'zod';
import type { SimServer } from '../common/server.js';
import { UnknownConvoError, type VoiceglowLive } from './live.js';

/**
 * The simulator's live admin API (never a VoiceGlow path): inject an inbound message, and point
 * the Events Webhook somewhere (or nowhere).
 */

const injectBody = z
  .strictObject({
    conversationId: z.string().min(1).optional(),
    content: z.string().min(1).optional(),
  })
  .optional();

const webhookBody = z.union([z.strictObject({ url: z.url({ protocol: /^https?$/ }), secret: z.string().default('') }), z.strictObject({ url: z.null() })]);

export function addLiveAdmin(server: SimServer, live: VoiceglowLive): void {
  server.addAdmin('POST', '/inject/message', async (req) => {
    const parsed = injectBody.safeParse(req.body);
    if (!parsed.success) return { status: 400, body: { error: 'body must be {conversationId?: string, content?: string}' } };
    try {
      return { status: 200, body: await live.injectInboundMessage(parsed.data?.conversationId, parsed.data?.content) };
    } catch (error) {
      if (error instanceof UnknownConvoError) return { status: 404, body: { error: error.message } };
      throw error;
    }
  });

  server.addAdmin('POST', '/webhook', (req) => {
    const parsed = webhookBody.safeParse(req.body);
    if (!parsed.success) return { status: 400, body: { error: 'body must be {url, secret} or {url: null}' } };
    const { data } = parsed;
    live.setWebhookTarget(data.url === null ? null : { url: data.url, secret: data.secret });
    return { status: 200, body: { url: data.url } };
  });
}
