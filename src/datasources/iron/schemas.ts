import { z } from 'zod';
import { rowList } from '../shared/index.js';
import { lenientList, optional, optionalBoolean, optionalEnum, optionalText, optionalTimestamp, timestampText } from '../shared/lenient.js';

/**
 * Iron's JSON as the connector reads it (shapes ASSUMED in UPSTREAMS.md: snake_case, FastAPI style).
 * Keys we do not read are dropped.
 */

/** Iron's ids (conversations, activities, members) are uuids, in any case. */
const IRON_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be an Iron id at all: anything else cannot exist there (Iron would answer 422). */
export function isIronId(id: string): boolean {
  return IRON_ID.test(id);
}

/**
 * What a mapping cannot do without is required: ids, a conversation's `last_activity_at` (the
 * inbox is ordered by it), an activity's `created_at` (the thread is), and the lists' `items`.
 * Every other field is optional (lenient.ts): absent, null, an empty object or another type reads
 * as null. No published description of these shapes exists (seed 004 documents the endpoints
 * only): every field here is ASSUMED, MAPPING.md says so per field.
 */

export const ironContactSchema = z.object({
  id: z.string().min(1),
  name: optionalText,
  email: optionalText,
  phone: optionalText,
});

export const IRON_CHANNELS = ['sms', 'email', 'call'] as const;
export const ironChannelSchema = z.enum(IRON_CHANNELS);

export const ironConversationSchema = z.object({
  id: z.string().min(1),
  /** A thread whose contact is gone (or not sent) has none. */
  contact: optional(ironContactSchema),
  channel: optionalEnum(IRON_CHANNELS),
  last_activity_at: timestampText,
  last_message_preview: optionalText,
  unread_count: optional(z.number().int().min(0)),
  starred: optionalBoolean,
  archived: optionalBoolean,
  assigned_to: optional(z.string().min(1)),
  /** `{due_at, overdue}`; `{}` or one with neither is no SLA. */
  sla: optional(z.object({ due_at: optionalTimestamp, overdue: optionalBoolean })),
});

/** `next_cursor` absent or null: the last page (whatever its size). */
export const ironConversationPageSchema = z.object({
  /** Read row by row: an unreadable row is left out and reported (shared/rows.ts). */
  items: rowList(ironConversationSchema),
  next_cursor: optional(z.string().min(1)),
});

/**
 * A media file (ASSUMED shape: what `POST /conversations/media` answers and what an activity's
 * `media` lists). Only the id is required (the send references it); one without a `url` has
 * nothing to open and is not listed as an attachment.
 */
export const ironMediaSchema = z.object({
  id: z.string().min(1),
  url: optionalText,
  filename: optionalText,
  content_type: optionalText,
  size: optional(z.number().int().min(0)),
});

export const ironActivitySchema = z.object({
  id: z.string().min(1),
  conversation_id: optionalText,
  /** A kind Iron adds later (or none) is read as a plain text touchpoint. */
  kind: optionalEnum(['sms', 'email', 'call', 'note', 'suggestion']),
  /** Without one, the activity is ours (outbound): only an inbound one names the contact as sender. */
  direction: optionalEnum(['inbound', 'outbound']),
  body: optionalText,
  ai_summary: optionalText,
  status: optionalEnum(['pending', 'sent', 'dismissed']),
  /** Files sent with an outbound message (ASSUMED, as sent with `media_ids`); absent on most. */
  media: lenientList(ironMediaSchema),
  created_at: timestampText,
});

export const ironActivityPageSchema = z.object({
  items: rowList(ironActivitySchema),
  next_cursor: optional(z.string().min(1)),
});

/** ASSUMED endpoint `GET /org/members` (the docs name only the `crm.org_members` table). */
export const ironMembersSchema = z.object({
  items: lenientList(
    z.object({
      user_id: z.string().min(1),
      name: optionalText,
      email: optionalText,
    }),
  ),
});

export type IronWireChannel = z.infer<typeof ironChannelSchema>;
export type IronConversationJson = z.infer<typeof ironConversationSchema>;
/** A page as the connector reads it: the readable rows, and how many Iron sent. */
export interface IronPage<T> {
  items: T[];
  received: number;
  next_cursor: string | null;
}
export type IronConversationPageJson = IronPage<IronConversationJson>;
export type IronActivityJson = z.infer<typeof ironActivitySchema>;
export type IronActivityPageJson = IronPage<IronActivityJson>;
export type IronMembersJson = z.infer<typeof ironMembersSchema>;
export type IronMediaJson = z.infer<typeof ironMediaSchema>;
