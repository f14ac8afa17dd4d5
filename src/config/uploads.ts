import { z } from 'zod';

/**
 * `POST /uploads` (files for `sendMessage(input: { attachments })`). `maxBytes`: the largest file
 * (a Redis value is at most 512 MB, and one this large blocks Redis while it moves: 50 MB is the
 * ceiling here). `allowedTypes`: MIME types a file may declare, exact (`application/pdf`) or a
 * family (`image/*`). `ttlSeconds`: how long an upload can be sent (reusable until then).
 * `memoryMaxBytes`: without Redis, the most upload bytes one instance holds (least recently used
 * dropped first).
 */
export const DEFAULT_UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/csv', 'audio/mpeg', 'audio/ogg', 'video/mp4'];
export const uploadsSchema = z
  .strictObject({
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(50 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    allowedTypes: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9.+-]*\/(\*|[a-z0-9][a-z0-9.+-]*)$/, 'a MIME type such as image/png, or a family such as image/*'))
      .min(1)
      .default(DEFAULT_UPLOAD_TYPES),
    ttlSeconds: z
      .number()
      .int()
      .min(10)
      .max(7 * 86_400)
      .default(3_600),
    memoryMaxBytes: z
      .number()
      .int()
      .min(1024)
      .default(256 * 1024 * 1024),
  })
  .refine((uploads) => uploads.memoryMaxBytes >= uploads.maxBytes, { message: 'must be at least maxBytes (one file must fit)', path: ['memoryMaxBytes'] });
export type UploadsConfig = z.infer<typeof uploadsSchema>;
