import type { FastifyError, FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.js';
import { WEBHOOK_MAX_BODY_BYTES, type WebhookReceiver } from '../webhooks/receiver.js';

/**
 * `POST /webhooks/{tenant}/{source}`: the body is kept raw (signatures are over the exact bytes)
 * and handed to the receiver, which verifies, de-duplicates and answers. Other methods get 405.
 */
export async function webhookRoutes(app: FastifyInstance, options: { receiver: WebhookReceiver; metrics: Metrics }): Promise<void> {
  // This scope reads every body as text, whatever its declared type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: WEBHOOK_MAX_BODY_BYTES }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const tooLarge = error.statusCode === 413;
    options.metrics.webhooksReceived.inc({ source: 'unknown', outcome: tooLarge ? 'too_large' : 'malformed' });
    return reply.code(tooLarge ? 413 : 400).send({ outcome: tooLarge ? 'too_large' : 'malformed' });
  });

  app.post<{ Params: { tenant: string; source: string } }>('/webhooks/:tenant/:source', async (request, reply) => {
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const answer = await options.receiver.receive({
      tenantId: request.params.tenant,
      sourceKey: request.params.source,
      headers,
      query: new URL(request.url, 'http://gateway').searchParams,
      rawBody: typeof request.body === 'string' ? request.body : '',
    });
    return reply.code(answer.status).send({ outcome: answer.outcome });
  });

  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: '/webhooks/:tenant/:source',
    handler: async (_request, reply) => {
      options.metrics.webhooksReceived.inc({ source: 'unknown', outcome: 'method_not_allowed' });
      return reply.code(405).header('allow', 'POST').send({ outcome: 'method_not_allowed' });
    },
  });
}
