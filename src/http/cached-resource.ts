import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const gzipAsync = promisify(gzip);

/** A fixed body served with a validator, so a revalidation is a bodiless 304, and gzipped when accepted. */
export interface CachedResource {
  readonly body: string;
  readonly type: string;
  readonly cacheControl: string;
  /** Strong validator: a hash of the body. */
  readonly etag: string;
  /** The body gzipped, made once on first use, off the event loop (the GraphiQL bundle takes ~300 ms). */
  gzipped(): Promise<Buffer>;
}

export function cachedResource(body: string, type: string, cacheControl: string): CachedResource {
  let gzipped: Promise<Buffer> | undefined;
  return {
    body,
    type,
    cacheControl,
    etag: `"${contentHash(body)}"`,
    gzipped: () => (gzipped ??= gzipAsync(body)),
  };
}

/** A short, URL-safe hash of a text (for validators and content-addressed asset names). */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 27);
}

export async function sendCached(request: FastifyRequest, reply: FastifyReply, resource: CachedResource): Promise<FastifyReply> {
  void reply.header('cache-control', resource.cacheControl).header('etag', resource.etag).header('vary', 'accept-encoding');
  if (matchesEtag(request.headers['if-none-match'], resource.etag)) return reply.code(304).send();
  void reply.type(resource.type);
  if (acceptsGzip(request.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(await resource.gzipped());
  return reply.send(resource.body);
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/** `Accept-Encoding` lists gzip with a non-zero weight. */
function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? '').split(',').some((entry) => {
    const [name, ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const weight = params.find((param) => param.startsWith('q='));
    return name === 'gzip' && (weight === undefined || Number(weight.slice(2)) > 0);
  });
}
