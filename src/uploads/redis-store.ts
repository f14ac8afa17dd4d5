import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { UploadsConfig } from '../config/schema.js';
import { newUploadId } from './upload-id.js';
import { UploadStoreUnavailable, type NewUpload, type StoredUpload, type UploadMeta, type UploadScope, type UploadStore } from './store.js';

/**
 * Uploads in Redis, so any instance can send a file another received: one hash per upload
 * (`meta`: JSON, `content`: the file's bytes) under `<keyPrefix>upload:<scope digest>:<id>`,
 * expiring with the upload (`PEXPIREAT`). The scope digest (tenant and user) is part of the key:
 * another tenant's or user's id is simply not there. A file is one Redis value, so `maxBytes` is
 * capped at 50 MB (Redis allows 512 MB, but a value that large stalls it while it moves).
 */
export class RedisUploadStore implements UploadStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly config: Pick<UploadsConfig, 'ttlSeconds'>,
    private readonly now: () => number = Date.now,
  ) {}

  async put(scope: UploadScope, upload: NewUpload): Promise<UploadMeta> {
    const expiresAt = this.now() + this.config.ttlSeconds * 1000;
    const meta: UploadMeta = { id: newUploadId(expiresAt), filename: upload.filename, contentType: upload.contentType, size: upload.content.length, expiresAt };
    const key = this.key(scope, meta.id);
    try {
      await this.redis.multi().hset(key, 'meta', JSON.stringify(meta), 'content', upload.content).pexpireat(key, expiresAt).exec();
    } catch (error) {
      throw new UploadStoreUnavailable(error instanceof Error ? error.message : String(error));
    }
    return meta;
  }

  async get(scope: UploadScope, id: string): Promise<StoredUpload | null> {
    let fields: (Buffer | null)[];
    try {
      fields = await this.redis.hmgetBuffer(this.key(scope, id), 'meta', 'content');
    } catch (error) {
      throw new UploadStoreUnavailable(error instanceof Error ? error.message : String(error));
    }
    const [meta, content] = fields;
    if (!meta || !content) return null;
    const parsed = JSON.parse(meta.toString('utf8')) as UploadMeta;
    return parsed.expiresAt > this.now() ? { ...parsed, content } : null;
  }

  private key(scope: UploadScope, id: string): string {
    const digest = createHash('sha256').update(`${scope.tenant}\u0000${scope.user}`).digest('base64url').slice(0, 22);
    return `${this.keyPrefix}upload:${digest}:${id}`;
  }
}
