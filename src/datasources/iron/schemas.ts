import { z } from 'zod';

/**
 * Iron's JSON as the connector reads it (shapes ASSUMED in UPSTREAMS.md: snake_case, FastAPI style).
 * Lenient on keys we do not read (zod objects strip them), strict on the ones we do.
 */

const timestamp = z.iso.datetime({ offset: true });

/** Iron's ids (conversations, activities, members) are uuids, in any case. */
const IRON_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be an Iron id at all: anything else cannot exist there (Iron would answer 422). */
export function isIronId(id: string): boolean {
  return IRON_ID.test(id);
}

export const ironContactSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});

export const ironChannelSchema = z.enum(['sms', 'email', 'call']);

export const ironConversationSchema = z.object({
  id: z.string().min(1),
  contact: ironContactSchema,
  channel: ironChannelSchema,
  last_activity_at: timestamp,
  last_message_preview: z.string().nullable(),
  unread_count: z.number().int().min(0),
  starred: z.boolean(),
  archived: z.boolean(),
  assigned_to: z.string().nullable(),
  sla: z.object({ due_at: timestamp.nullable(), overdue: z.boolean() }).nullable(),
});

export const ironConversationPageSchema = z.object({
  items: z.array(ironConversationSchema),
  next_cursor: z.string().nullable(),
});

export const ironActivitySchema = z.object({
  id: z.string().min(1),
  conversation_id: z.string().min(1),
  kind: z.enum(['sms', 'email', 'call', 'note', 'suggestion']),
  direction: z.enum(['inbound', 'outbound']),
  body: z.string().nullable(),
  ai_summary: z.string().nullable().optional(),
  status: z.enum(['pending', 'sent', 'dismissed']).nullable().optional(),
  created_at: timestamp,
});

export const ironActivityPageSchema = z.object({
  items: z.array(ironActivitySchema),
  next_cursor: z.string().nullable(),
});

/** ASSUMED endpoint `GET /org/members` (the docs name only the `crm.org_members` table). */
export const ironMembersSchema = z.object({
  items: z.array(
    z.object({
      user_id: z.string().min(1),
      name: z.string().nullable(),
      email: z.string().nullable(),
    }),
  ),
});

export type IronWireChannel = z.infer<typeof ironChannelSchema>;
export type IronConversationJson = z.infer<typeof ironConversationSchema>;
export type IronConversationPageJson = z.infer<typeof ironConversationPageSchema>;
export type IronActivityJson = z.infer<typeof ironActivitySchema>;
export type IronActivityPageJson = z.infer<typeof ironActivityPageSchema>;
export type IronMembersJson = z.infer<typeof ironMembersSchema>;
