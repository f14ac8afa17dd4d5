import { LRUCache } from 'lru-cache';
import type { UploadsConfig } from '../config/schema.js';
import { newUploadId } from './upload-id.js';

/** Whose an upload is: only the same user of the same tenant can send it. */
export interface UploadScope {
  tenant: string;
  user: string;
}

/** What `POST /uploads` answers and a send needs to know about a file. */
export interface UploadMeta {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Epoch ms; the upload can be sent (any number of times) until then. */
  expiresAt: number;
}

export interface StoredUpload extends UploadMeta {
  content: Buffer;
}

export interface NewUpload {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** A store unreachable (Redis away): nothing was stored or read; retry shortly. */
export class UploadStoreUnavailable extends Error {}

/**
 * Uploaded files waiting to be sent, per tenant and user, for `ttlSeconds`. Uploads are not
 * consumed by a send: the same id can be sent again until it expires, so a retried sendMessage
 * (same idempotency key, or after an error) still finds its files.
 */
export interface UploadStore {
  put(scope: UploadScope, upload: NewUpload): Promise<UploadMeta>;
  /** The caller's own upload with this id, or null (unknown, expired, or another tenant's or user's). */
  get(scope: UploadScope, id: string): Promise<StoredUpload | null>;
}

/** Bytes an entry costs beyond its content (its metadata and the LRU's bookkeeping, roughly). */
const ENTRY_OVERHEAD = 512;

/**
 * In-process uploads (no Redis): an LRU bounded by bytes (`memoryMaxBytes`), entries dropped at
 * their expiry or, under pressure, least recently used first. One instance sees only its own.
 */
export class MemoryUploadStore implements UploadStore {
  private readonly entries: LRUCache<string, StoredUpload>;

  constructor(
    private readonly config: Pick<UploadsConfig, 'ttlSeconds' | 'memoryMaxBytes'>,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache<string, StoredUpload>({
      maxSize: config.memoryMaxBytes,
      sizeCalculation: (upload) => upload.content.length + ENTRY_OVERHEAD,
      ttl: config.ttlSeconds * 1000,
      ttlAutopurge: true,
    });
  }

  put(scope: UploadScope, upload: NewUpload): Promise<UploadMeta> {
    const expiresAt = this.now() + this.config.ttlSeconds * 1000;
    const stored: StoredUpload = { id: newUploadId(expiresAt), ...upload, size: upload.content.length, expiresAt };
    this.entries.set(entryKey(scope, stored.id), stored);
    return Promise.resolve(metaOf(stored));
  }

  get(scope: UploadScope, id: string): Promise<StoredUpload | null> {
    const stored = this.entries.get(entryKey(scope, id));
    return Promise.resolve(stored && stored.expiresAt > this.now() ? stored : null);
  }
}

export function metaOf(upload: StoredUpload): UploadMeta {
  const { content: _content, ...meta } = upload;
  return meta;
}

function entryKey(scope: UploadScope, id: string): string {
  return `${scope.tenant}\u0000${scope.user}\u0000${id}`;
}
