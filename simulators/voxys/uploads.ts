import { randomBytes } from 'node:crypto';
import { readMultipart } from '../common/multipart.js';
import type { SimRequest, SimRoute } from '../common/server.js';
import type { AttachmentFileType, AttachmentRow } from './records.js';

/**
 * Files sent with a message as Chatwoot's MessageBuilder takes them: a `multipart/form-data` body
 * whose text fields are the JSON body's (`content`, `private`, `message_type`, `echo_id`) and
 * whose files are `attachments[]`. Each file becomes an ActiveStorage blob served at its
 * `data_url` (`/rails/active_storage/blobs/redirect/{signed_id}/{filename}`, public as Chatwoot's
 * redirect URLs are to whoever holds them), and an `Attachment` whose `file_type` follows the
 * content type (image/audio/video, else file). Chatwoot's validations: at most 40 MB per file,
 * images, audio, video and its document types only (422 otherwise).
 */

/** Chatwoot `Attachment`: `validate :acceptable_file` (40 MB, and these types besides image/audio/video). */
const MAX_FILE_BYTES = 40 * 1024 * 1024;
const DOCUMENT_TYPES = new Set([
  'text/csv',
  'text/plain',
  'text/rtf',
  'application/json',
  'application/pdf',
  'application/zip',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

export interface StoredBlob {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export const BLOB_PATH = '/rails/active_storage/blobs/redirect';

function fileTypeOf(contentType: string): AttachmentFileType {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.startsWith('audio/')) return 'audio';
  if (contentType.startsWith('video/')) return 'video';
  return 'file';
}

/** A multipart message: its fields (as the JSON body would hold them) and its files' attachments, or the 422 error. */
export async function multipartMessage(
  blobs: Map<string, StoredBlob>,
  req: SimRequest,
): Promise<{ fields: Record<string, string>; attachments: Omit<AttachmentRow, 'id'>[] } | { error: string }> {
  const body = await readMultipart(req);
  if (!body) return { error: 'The multipart body could not be read' };
  const files = body.files.filter((f) => f.field === 'attachments[]' || f.field === 'attachments');
  const attachments: Omit<AttachmentRow, 'id'>[] = [];
  const stored: [string, StoredBlob][] = [];
  for (const file of files) {
    const contentType = file.contentType.split(';')[0]!.trim().toLowerCase();
    if (file.bytes.length > MAX_FILE_BYTES) return { error: 'Validation failed: File size is too big' };
    if (!/^(image|audio|video)\//.test(contentType) && !DOCUMENT_TYPES.has(contentType)) return { error: 'Validation failed: File type not supported' };
    const filename = file.filename || 'upload';
    const signedId = randomBytes(18).toString('base64url');
    stored.push([signedId, { filename, contentType, bytes: file.bytes }]);
    const extension = /\.([A-Za-z0-9]{1,8})$/.exec(filename)?.[1]?.toLowerCase() ?? null;
    attachments.push({
      file_type: fileTypeOf(contentType),
      extension,
      data_url: `http://${req.headers.host ?? '127.0.0.1'}${BLOB_PATH}/${signedId}/${encodeURIComponent(filename)}`,
      file_size: file.bytes.length,
    });
  }
  // Stored only once every file passed (the message is saved with all of them, or none).
  for (const [id, blob] of stored) blobs.set(id, blob);
  return { fields: body.fields, attachments };
}

/** The blobs' URLs: the file as stored, with its content type. */
export function voxysBlobRoutes(blobs: Map<string, StoredBlob>): SimRoute[] {
  return [
    {
      method: 'GET',
      path: `${BLOB_PATH}/:signed_id/:filename`,
      summary: 'A message attachment (ActiveStorage blob redirect URL, public)',
      public: true,
      handler: (req) => {
        const blob = blobs.get(req.params.signed_id ?? '');
        if (!blob) return { status: 404, text: 'Not Found' };
        return { status: 200, bytes: blob.bytes, headers: { 'content-type': blob.contentType } };
      },
    },
  ];
}
