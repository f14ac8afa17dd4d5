import { randomUUID } from 'node:crypto';
import { readMultipart } from '../common/multipart.js';
import type { SimRequest, SimResponse, SimRoute } from '../common/server.js';
import { IRON_BASE } from './routes.js';
import { detail, isUuid, validationError } from './validation.js';
import { isoTimestamp } from './wire.js';

/**
 * Iron's media upload for outbound messages (seed 004: `POST /conversations/media`, "Upload media
 * for an outbound message"; everything past the path is ASSUMED, FastAPI style): a multipart body
 * with one `file`, answered 201 `{id, url, filename, content_type, size, created_at}`. The `id`
 * goes in a send's `media_ids`; `url` is the file in Supabase Storage's public bucket (served
 * here too, without auth, as a public bucket is). Refusals: 422 (no `file`, an empty one, or not
 * multipart), 413 larger than 10 MB, 415 a type no SMS/MMS or email provider carries.
 */

/** ASSUMED limits (Twilio MMS takes up to 5 MB per message, email providers ~25 MB: Iron caps at 10 MB). */
export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
export const MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'text/vcard',
  'audio/mpeg',
  'audio/ogg',
  'video/mp4',
];

export interface IronMedia {
  id: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  createdAt: number;
}

/** The org's uploaded media (not part of the seeded data: uploads only). */
export class IronMediaStore {
  readonly items = new Map<string, IronMedia>();

  get(id: string): IronMedia | undefined {
    return this.items.get(id.toLowerCase());
  }
}

export const STORAGE_PATH = '/storage/v1/object/public/media';

/** The public URL of a media file, on the host the caller used. */
export function mediaUrl(req: Pick<SimRequest, 'headers'>, media: Pick<IronMedia, 'id' | 'filename'>): string {
  return `http://${req.headers.host ?? '127.0.0.1'}${STORAGE_PATH}/${media.id}/${encodeURIComponent(media.filename)}`;
}

export function mediaJson(req: Pick<SimRequest, 'headers'>, media: IronMedia): Record<string, unknown> {
  return {
    id: media.id,
    url: mediaUrl(req, media),
    filename: media.filename,
    content_type: media.contentType,
    size: media.bytes.length,
    created_at: isoTimestamp(media.createdAt),
  };
}

async function upload(store: IronMediaStore, req: SimRequest): Promise<SimResponse> {
  const body = await readMultipart(req);
  const file = body?.files.find((f) => f.field === 'file');
  if (!file) return validationError([{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }]);
  if (file.bytes.length === 0) return detail(422, 'The file is empty');
  if (file.bytes.length > MEDIA_MAX_BYTES) return detail(413, `File too large (at most ${MEDIA_MAX_BYTES / 1024 / 1024} MB)`);
  const contentType = file.contentType.split(';')[0]!.trim().toLowerCase();
  if (!MEDIA_TYPES.includes(contentType)) return detail(415, `Unsupported media type: ${contentType || 'none'}`);
  const media: IronMedia = { id: randomUUID(), filename: file.filename || 'upload', contentType, bytes: file.bytes, createdAt: Date.now() };
  store.items.set(media.id, media);
  return { status: 201, body: mediaJson(req, media) };
}

export function ironMediaRoutes(store: IronMediaStore): SimRoute[] {
  return [
    {
      method: 'POST',
      path: `${IRON_BASE}/conversations/media`,
      summary: 'Upload media for an outbound message (multipart `file`; ASSUMED answer)',
      handler: (req) => upload(store, req),
    },
    {
      method: 'GET',
      path: `${STORAGE_PATH}/:media_id/:filename`,
      summary: "A media file's public URL (Supabase Storage public bucket)",
      public: true,
      handler: (req) => {
        const id = req.params.media_id ?? '';
        const media = isUuid(id) ? store.get(id) : undefined;
        if (!media) return { status: 404, body: { statusCode: '404', error: 'not_found', message: 'Object not found' } };
        return { status: 200, bytes: media.bytes, headers: { 'content-type': media.contentType } };
      },
    },
  ];
}
