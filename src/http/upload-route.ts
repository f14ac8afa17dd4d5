import multipart, { type Multipart, type MultipartFile } from '@fastify/multipart';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { UploadsConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { VerifiedToken } from '../pipeline/auth.js';
import type { OperationPipeline } from '../pipeline/index.js';
import { UploadStoreUnavailable, type UploadStore } from '../uploads/store.js';
import { allowsType, cleanFilename, mediaTypeOf } from '../uploads/file-checks.js';
import { dropBody, refuse, requestIdOf } from './graphql-route.js';

export interface UploadRouteOptions {
  pipeline: OperationPipeline;
  store: UploadStore;
  config: UploadsConfig;
  logger: Logger;
  clientAddress: (request: IncomingMessage) => string;
}

const ONE_FILE = 'send one file per request: the body has more than one file part (nothing was stored)';

/** Room for the multipart envelope (boundaries, part headers) around the file itself. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * `POST /uploads`: one file as `multipart/form-data` (any field name; other form fields are
 * ignored; a second file is refused), answered `201 {id, filename, contentType, size, expiresAt}`. Admission is /graphql's
 * (address budget, bearer token, user and tenant budgets) and runs before a byte of the body is
 * read. Refusals, each in GraphQL's error shape and with the rest of the body read and dropped
 * (bounded) so a client still sending gets the answer: 401 no or bad token, 429 over a budget,
 * 413 larger than `uploads.maxBytes` (by Content-Length at once, else when the limit is reached),
 * 415 not multipart or a file type outside `uploads.allowedTypes`, 400 a malformed body, no file
 * part, an empty file or more than one file, 503 the upload store (Redis) unreachable.
 */
export async function uploadRoute(app: FastifyInstance, options: UploadRouteOptions): Promise<void> {
  const { pipeline, store, config } = options;
  const admitted = new WeakMap<FastifyRequest, VerifiedToken>();
  // Registered in its own scope: the multipart body parser exists for this route only.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: config.maxBytes, files: 2, fields: 20, parts: 22, headerPairs: 100 } });
    scope.post('/uploads', {
      onRequest: async (request, reply) => {
        try {
          admitted.set(request, await pipeline.admission.check(request.headers.authorization, options.clientAddress(request.raw)));
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          return await refuse(reply, error, pipeline.formatError(error.toJSON(), error), requestIdOf(request));
        }
      },
      handler: async (request, reply) => {
        void reply.header('x-request-id', requestIdOf(request));
        const token = admitted.get(request);
        if (!token) return refuseUpload(reply, 401, 'UNAUTHENTICATED', 'missing bearer token');
        if (!request.isMultipart()) return refuseUpload(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data');
        const declared = Number(request.headers['content-length']);
        if (Number.isFinite(declared) && declared > config.maxBytes + ENVELOPE_BYTES) return refuseUpload(reply, 413, 'PAYLOAD_TOO_LARGE', tooLarge(config));

        const parts = request.parts();
        let part: MultipartFile | undefined;
        try {
          part = await nextFile(parts);
        } catch {
          return refuseUpload(reply, 400, 'BAD_REQUEST', 'the multipart body could not be read');
        }
        if (!part) return refuseUpload(reply, 400, 'BAD_REQUEST', 'the body has no file part');
        const contentType = mediaTypeOf(part.mimetype);
        if (!allowsType(config.allowedTypes, contentType)) {
          part.file.resume();
          return refuseUpload(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', `files of type ${contentType || '(none)'} are not accepted; allowed: ${config.allowedTypes.join(', ')}`);
        }
        let content: Buffer;
        try {
          content = await part.toBuffer();
        } catch (error) {
          if (error instanceof scope.multipartErrors.RequestFileTooLargeError) return refuseUpload(reply, 413, 'PAYLOAD_TOO_LARGE', tooLarge(config));
          return refuseUpload(reply, 400, 'BAD_REQUEST', 'the multipart body could not be read');
        }
        if (content.length === 0) return refuseUpload(reply, 400, 'BAD_REQUEST', 'the file is empty');
        // One file per upload: a second one is refused, never silently dropped.
        try {
          const another = await nextFile(parts);
          if (another) {
            another.file.resume();
            return refuseUpload(reply, 400, 'BAD_REQUEST', ONE_FILE);
          }
        } catch (error) {
          if (error instanceof scope.multipartErrors.FilesLimitError) return refuseUpload(reply, 400, 'BAD_REQUEST', ONE_FILE);
          return refuseUpload(reply, 400, 'BAD_REQUEST', 'the multipart body could not be read');
        }
        try {
          const meta = await store.put({ tenant: token.tenant, user: token.sub }, { filename: cleanFilename(part.filename), contentType, content });
          options.logger.info({ tenant: token.tenant, size: meta.size, contentType }, 'upload stored');
          return reply.code(201).send({ ...meta, expiresAt: new Date(meta.expiresAt).toISOString() });
        } catch (error) {
          if (!(error instanceof UploadStoreUnavailable)) throw error;
          options.logger.warn({ err: error.message }, 'upload store unavailable');
          return refuseUpload(reply, 503, 'SERVICE_UNAVAILABLE', 'the upload store is unreachable: nothing was stored; retry shortly', { retryable: true });
        }
      },
    });
  });
}

/** The body's next file part (form fields before it are skipped), or undefined at its end. */
async function nextFile(parts: AsyncIterableIterator<Multipart>): Promise<MultipartFile | undefined> {
  for (;;) {
    const next = await parts.next();
    if (next.done) return undefined;
    if (next.value.type === 'file') return next.value;
  }
}

function tooLarge(config: UploadsConfig): string {
  return `the file is larger than ${config.maxBytes} bytes`;
}

/** A refusal in GraphQL's error shape, after reading and dropping the rest of the body (bounded); the connection closes after it. */
async function refuseUpload(reply: FastifyReply, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): Promise<FastifyReply> {
  await dropBody(reply.request.raw);
  if (status === 401) void reply.header('www-authenticate', 'Bearer');
  return reply
    .code(status)
    .header('connection', 'close')
    .send({ errors: [{ message, extensions: { code, ...extensions } }] });
}
