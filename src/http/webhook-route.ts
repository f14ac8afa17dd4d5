import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from '../metrics.js';
import { WEBHOOK_MAX_BODY_BYTES, type WebhookReceiver } from '../webhooks/receiver.js';

type Params = { tenant: string; source: string };

/**
 * `POST /webhooks/{tenant}/{source}`: the body is kept raw (signatures are over the exact bytes)
 * and handed to the receiver, which verifies, de-duplicates and answers. Other methods get 405.
 */
export async function webhookRoutes(app: FastifyInstance, options: { receiver: WebhookReceiver; metrics: Metrics }): Promise<void> {
  // This scope reads every body as text, whatever its declared type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: WEBHOOK_MAX_BODY_BYTES }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { tenant, source } = (request.params ?? {}) as Partial<Params>;
    if (error.statusCode === 413 && tenant !== undefined && source !== undefined) {
      const answer = options.receiver.refused(tenant, source, { status: 413, outcome: 'too_large' });
      return reply.code(answer.status).send({ outcome: answer.outcome });
    }
    options.metrics.webhooksReceived.inc({ source: 'unknown', outcome: 'malformed' });
    return reply.code(400).send({ outcome: 'malformed' });
  });

  app.post<{ Params: Params }>('/webhooks/:tenant/:source', async (request, reply) => {
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
    handler: async (request: FastifyRequest<{ Params: Params }>, reply) => {
      const answer = options.receiver.refused(request.params.tenant, request.params.source, { status: 405, outcome: 'method_not_allowed' });
      return reply.code(answer.status).header('allow', 'POST').send({ outcome: answer.outcome });
    },
  });
}
