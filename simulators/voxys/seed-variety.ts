import { personName } from '../common/people.js';
import { SeededRandom } from '../common/random.js';
import type { SimOptions } from '../common/simulator.js';
import { ATTACHMENT_FILE_TYPES, MESSAGE_TYPE, type AttachmentFileType, type AttachmentRow, type ConversationRow, type MessageRow } from './records.js';
import type { VoxysSeed } from './seed.js';

/**
 * What real Chatwoot accounts hold beyond the base seed (seed.ts), laid over it with a random stream
 * of its own, so the base data (and everything computed from it) stays as it was:
 * - agent bots holding conversations (`assignee_agent_bot_id`; `assignee_id` stays null, as in
 *   Chatwoot's `unassigned` scope), the most recently active unassigned conversation always;
 * - every attachment file type: image, audio, video, file, location (with and without a link),
 *   fallback, share, story mention, contact card, Instagram reel; the newest conversation's last
 *   message always carries a contact card (no `data_url` at all);
 * - web widget conversations with `browser_language` and `referer` (the attributes Chatwoot's filter
 *   keys read, and the documented filter example asks for).
 * `applied_sla: {}` is rendered, not seeded (settings.ts `slaFeature`).
 */

export const FIRST_VARIETY_ATTACHMENT_ID = 7001;

const LANGUAGES = ['en', 'en', 'pt-BR', 'fr', 'de', 'es'];
const REFERERS = ['https://www.voxys.example/pricing', 'https://www.voxys.example/', 'https://blog.voxys.example/launch', 'https://www.google.com/'];

/** One attachment of `fileType` as Chatwoot stores it (the id is set by the caller). */
export function attachmentOfType(rng: SeededRandom, fileType: AttachmentFileType, id: number): AttachmentRow {
  const stored = (extension: string): AttachmentRow => ({
    id,
    file_type: fileType,
    extension,
    data_url: `https://files.voxys.example/rails/active_storage/blobs/${id}/upload.${extension}`,
    file_size: rng.int(10_000, 5_000_000),
  });
  switch (fileType) {
    case 'image':
      return stored('jpg');
    case 'audio':
      return stored('ogg');
    case 'video':
      return stored('mp4');
    case 'file':
      return stored('pdf');
    case 'ig_reel':
      return stored('mp4');
    case 'share':
    case 'story_mention':
      // Instagram shares and story mentions point at the platform's CDN (`external_url`).
      return { id, file_type: fileType, extension: null, data_url: `https://cdn.instagram.example/${fileType}/${rng.hex(12)}.jpg`, file_size: null };
    case 'location': {
      const lat = Number((rng.next() * 120 - 60).toFixed(5));
      const long = Number((rng.next() * 300 - 150).toFixed(5));
      // A WhatsApp pin carries a maps link; a Telegram/Line location often none (`external_url` nil).
      const link = rng.bool(0.5) ? `https://maps.google.com/?q=${lat},${long}` : null;
      return {
        id,
        file_type: 'location',
        extension: null,
        data_url: link,
        file_size: null,
        fallback_title: rng.pick(['Main office', 'Warehouse 3', 'Meeting point']),
        coordinates: { lat, long },
      };
    }
    case 'fallback':
      // Something the channel could not hand over (an unsupported message type): a title, no link.
      return { id, file_type: 'fallback', extension: null, data_url: null, file_size: null, fallback_title: 'Unsupported message' };
    case 'contact': {
      const name = personName(rng);
      return {
        id,
        file_type: 'contact',
        extension: null,
        data_url: null,
        file_size: null,
        fallback_title: name,
        meta: { name, phone: `+1555${String(rng.int(1_000_000, 9_999_999))}` },
      };
    }
  }
}

function byActivity(a: ConversationRow, b: ConversationRow): number {
  return b.last_activity_at - a.last_activity_at || b.display_id - a.display_id;
}

export function addRealVariety(seed: VoxysSeed, options: SimOptions): VoxysSeed {
  const rng = new SeededRandom(`voxys-variety:${String(options.seed)}`);
  const botId = seed.agentBots[0]?.id;
  const newest = [...seed.conversations].sort(byActivity);
  const threads = new Map<number, MessageRow[]>();
  for (const message of seed.messages) {
    const thread = threads.get(message.conversation_id) ?? [];
    thread.push(message);
    threads.set(message.conversation_id, thread);
  }

  for (const conversation of seed.conversations) {
    const inbox = seed.inboxes.find((i) => i.id === conversation.inbox_id);
    if (inbox?.channel_type !== 'Channel::WebWidget') continue;
    conversation.additional_attributes = { ...conversation.additional_attributes, browser_language: rng.pick(LANGUAGES), referer: rng.pick(REFERERS) };
  }

  if (botId !== undefined) {
    const unassigned = newest.filter((c) => c.assignee_id === null && c.status !== 'resolved');
    unassigned.forEach((c, i) => {
      if (i === 0 || rng.bool(0.3)) c.assignee_agent_bot_id = botId;
    });
  }

  let nextId = FIRST_VARIETY_ATTACHMENT_ID;
  const lastChat = (c: ConversationRow): MessageRow | undefined => threads.get(c.display_id)?.findLast((m) => m.message_type !== MESSAGE_TYPE.activity);
  const top = newest[0] ? lastChat(newest[0]) : undefined;
  if (top) top.attachments.push(attachmentOfType(rng, 'contact', nextId++));
  // Every other type at least once (a location with and without a link), on last messages of the next
  // newest conversations, then a few more on random messages.
  const kinds: AttachmentFileType[] = [...ATTACHMENT_FILE_TYPES.filter((t) => t !== 'contact'), 'location', 'contact'];
  const carriers = newest
    .slice(1)
    .map(lastChat)
    .filter((m): m is MessageRow => m !== undefined);
  kinds.forEach((kind, i) => {
    const carrier = carriers[i % Math.max(1, carriers.length)];
    if (!carrier) return;
    const attachment = attachmentOfType(rng, kind, nextId++);
    // The second location always lacks a link, the first always has one, so both shapes exist.
    if (kind === 'location')
      attachment.data_url = kinds.indexOf('location') === i ? `https://maps.google.com/?q=${attachment.coordinates?.lat},${attachment.coordinates?.long}` : null;
    carrier.attachments.push(attachment);
  });
  for (const message of seed.messages) {
    if (message.message_type === MESSAGE_TYPE.activity || !rng.bool(0.03)) continue;
    message.attachments.push(attachmentOfType(rng, rng.pick(ATTACHMENT_FILE_TYPES), nextId++));
  }
  return seed;
}
