import type { VoxysDb } from './db.js';
import type { AttachmentRow, MessageRow } from './records.js';

type Json = Record<string, unknown>;

/**
 * `Attachment#push_event_data`: the base fields, then by file type — a location its coordinates,
 * title and `external_url` as `data_url` (null without one); a fallback its title and link; a
 * contact card its title and `meta`, with no `data_url` key at all; audio adds `transcribed_text`;
 * everything else the stored file's metadata (`data_url` '' when no file is attached).
 */
function attachmentJson(db: VoxysDb, message: MessageRow, a: AttachmentRow): Json {
  const base: Json = { id: a.id, message_id: message.id, file_type: a.file_type, account_id: db.accountId };
  switch (a.file_type) {
    case 'location':
      return { ...base, coordinates_lat: a.coordinates?.lat ?? 0, coordinates_long: a.coordinates?.long ?? 0, fallback_title: a.fallback_title ?? null, data_url: a.data_url };
    case 'fallback':
      return { ...base, fallback_title: a.fallback_title ?? null, data_url: a.data_url };
    case 'contact':
      return { ...base, fallback_title: a.fallback_title ?? null, meta: a.meta ?? {} };
    default: {
      const url = a.data_url ?? '';
      const file: Json = {
        ...base,
        extension: a.extension,
        data_url: url,
        thumb_url: a.file_type === 'image' && url ? `${url}?thumb=1` : '',
        file_size: a.file_size,
        width: null,
        height: null,
      };
      return a.file_type === 'audio' ? { ...file, transcribed_text: '' } : file;
    }
  }
}

export function attachmentsJson(db: VoxysDb, message: MessageRow): Json[] {
  return message.attachments.map((a) => attachmentJson(db, message, a));
}
