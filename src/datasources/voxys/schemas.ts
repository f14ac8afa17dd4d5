import { z } from 'zod';
import { rowList } from '../shared/index.js';
import { optionalJsonObject } from '../shared/lenient.js';

/**
 * The Voxys (Chatwoot + CRM add-on) JSON the connector reads: a tolerant boundary. A row requires
 * only what its mapping cannot do without (ids, a message's time, a conversation's activity time);
 * every other field may be missing or null, unknown keys never matter, and where Chatwoot sends
 * several shapes for one field (`applied_sla: {}` or the SLA; a `sender: {}`; a string or integer
 * `message_type`) the schema takes each. Envelopes are strict; the rows of lists and threads are
 * parsed one by one (`rowList`), so one bad row costs one row. MAPPING.md says, field by field,
 * where each shape comes from. Chatwoot objects carry unix seconds (`updated_at` may be a float);
 * CRM objects carry ISO-8601 strings.
 */

export const id = z.number().int();
const unixSeconds = z.number().nonnegative();
export const isoTime = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not an ISO-8601 time');
const attributes = z.record(z.string(), z.unknown());
export const text = z.string().nullish();

/** Exactly `{}`: what a jbuilder block renders when it has nothing to say (read as null). */
const emptyObject = z.strictObject({}).transform(() => null);

/** `schema`, `{}`, null or missing (the last three read as null). */
export function orEmpty<T extends z.ZodType>(schema: T) {
  return z.union([emptyObject, schema]).nullish();
}

export const contactSchema = z.object({
  id,
  name: text,
  email: text,
  phone_number: text,
  thumbnail: text,
  additional_attributes: attributes.nullish(),
});
export type ContactJson = z.infer<typeof contactSchema>;

/** A user (`_agent.json.jbuilder`, `User#push_event_data`) or, in `meta.assignee`, an agent bot (`_agent_bot_slim`). */
export const agentSchema = z.object({
  id,
  name: text,
  available_name: text,
  email: text,
  thumbnail: text,
  avatar_url: text,
  /** `_agent_bot_slim` carries its own `assignee_type: "AgentBot"`. */
  assignee_type: text,
});
export type AgentJson = z.infer<typeof agentSchema>;

/** A message author: `type` `contact`, `user` (an agent), `agent_bot` (newer versions add other bot kinds). */
export const senderSchema = z.object({
  id,
  type: text,
  name: text,
  email: text,
  phone_number: text,
  thumbnail: text,
  avatar_url: text,
  additional_attributes: attributes.nullish(),
});
export type SenderJson = z.infer<typeof senderSchema>;

/**
 * `Attachment#push_event_data`: image/audio/video/file/share/story_mention/ig_reel carry a
 * `data_url` ('' when no file is attached), location and fallback an `external_url` as `data_url`
 * (null when there is none), a contact card none at all (`fallback_title`, `meta`).
 */
export const attachmentSchema = z.object({
  id: id.nullish(),
  file_type: text,
  data_url: text,
  thumb_url: text,
  extension: text,
  fallback_title: text,
  file_size: z.number().nullish(),
  coordinates_lat: z.number().nullish(),
  coordinates_long: z.number().nullish(),
});
export type AttachmentJson = z.infer<typeof attachmentSchema>;

const MESSAGE_TYPES = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const;
export type MessageTypeCode = (typeof MESSAGE_TYPES)[keyof typeof MESSAGE_TYPES];

/** incoming 0, outgoing 1, activity 2, template 3: an integer in REST answers, the name in webhooks; anything else is null. */
const messageType = z
  .union([z.number().int(), z.string()])
  .nullish()
  .transform((value): MessageTypeCode | null => {
    if (typeof value === 'string') return (MESSAGE_TYPES as Record<string, MessageTypeCode>)[value] ?? null;
    return typeof value === 'number' && value >= 0 && value <= 3 ? (value as MessageTypeCode) : null;
  });

/** Both the REST message and `push_event_data` (the conversation's last message) fit this. */
export const messageSchema = z.object({
  id,
  content: text,
  conversation_id: id.nullish(),
  message_type: messageType,
  content_type: text,
  private: z.boolean().nullish(),
  created_at: unixSeconds,
  /** `push_event_data` names the author's class (`Contact`, `User`, `AgentBot`, …) beside `sender`. */
  sender_type: text,
  sender: orEmpty(senderSchema),
  /** `push_event_data` may hold null for an attachment without a file type. */
  attachments: z.array(attachmentSchema.nullable()).nullish(),
});
export type MessageJson = z.infer<typeof messageSchema>;

export const conversationStatusSchema = z.enum(['open', 'resolved', 'pending', 'snoozed']);

/** `AppliedSla#push_event_data` (enterprise): thresholds in seconds, null when the policy has none. */
export const appliedSlaSchema = z.object({
  created_at: unixSeconds.nullish(),
  /** The policy's name (enterprise `AppliedSla#push_event_data`); anything but a string reads as null. */
  sla_name: z.string().nullish().catch(null),
  sla_first_response_time_threshold: z.number().nullish(),
  sla_next_response_time_threshold: z.number().nullish(),
  sla_resolution_time_threshold: z.number().nullish(),
});
export type AppliedSlaJson = z.infer<typeof appliedSlaSchema>;

export const conversationSchema = z
  .object({
    id,
    /** Chatwoot always sends one of four; a missing or unknown one is read as the status the list asked for (mapping). */
    status: text,
    priority: text,
    labels: z.array(z.string()).nullish(),
    unread_count: z.number().int().nonnegative().nullish(),
    created_at: unixSeconds.nullish(),
    /** The activity time; `timestamp` carries the same value, `updated_at` (a float) comes close. */
    last_activity_at: unixSeconds.nullish(),
    timestamp: unixSeconds.nullish(),
    updated_at: unixSeconds.nullish(),
    /** 0 when nobody is waiting (Chatwoot renders `nil.to_i`). */
    waiting_since: unixSeconds.nullish(),
    /** 0 before the first human reply. */
    first_reply_created_at: unixSeconds.nullish(),
    additional_attributes: attributes.nullish(),
    /** The account's custom attributes of the conversation (seed 001): an object, passed through; anything else reads as null. */
    custom_attributes: optionalJsonObject,
    messages: z.array(messageSchema).nullish(),
    last_non_activity_message: messageSchema.nullish(),
    /** `{}` when the account has SLAs but this conversation none; absent when the feature is off. */
    applied_sla: orEmpty(appliedSlaSchema),
    meta: z
      .object({
        sender: orEmpty(contactSchema),
        channel: text,
        assignee: agentSchema.nullish(),
        /** `User` or `AgentBot` (newer versions; `Captain::Assistant` in enterprise); absent before: a user. */
        assignee_type: text,
      })
      .nullish(),
  })
  .refine((c) => (c.last_activity_at ?? c.timestamp ?? c.updated_at) != null, {
    message: 'no activity time (last_activity_at, timestamp or updated_at)',
    path: ['last_activity_at'],
  });
export type ConversationJson = z.infer<typeof conversationSchema>;

const countsSchema = z.object({
  mine_count: z.number().int(),
  assigned_count: z.number().int(),
  unassigned_count: z.number().int(),
  all_count: z.number().int(),
});
export type CountsJson = z.infer<typeof countsSchema>;

/** `GET /conversations`: the envelope strictly, the rows one by one. */
export const conversationListSchema = z.object({ data: z.object({ meta: countsSchema, payload: rowList(conversationSchema) }) });
/** `GET /conversations/meta` (no `data` wrapper). */
export const conversationMetaSchema = z.object({ meta: countsSchema });

/** The filter endpoint's counts (no `assigned_count` in Chatwoot 4.3; derived as all − unassigned). */
const filterCountsSchema = z.object({ unassigned_count: z.number().int(), all_count: z.number().int() });
const filterPageSchema = z.object({ meta: filterCountsSchema, payload: rowList(conversationSchema) });
/** `POST /conversations/filter`: Chatwoot renders it bare, the Voxys docs show a `data` wrapper; both are accepted. */
export const filterResultSchema = z.union([filterPageSchema, z.object({ data: filterPageSchema }).transform((wrapped) => wrapped.data)]);
export type FilterResultJson = z.infer<typeof filterResultSchema>;

/** `GET /conversations/{id}/messages`. */
export const messageListSchema = z.object({ payload: rowList(messageSchema) });

// ---- write answers -------------------------------------------------------------------------

/** `POST /conversations/{id}/messages`: the created message, `echo_id` echoed back when sent. */
export const createdMessageSchema = messageSchema.extend({ echo_id: z.union([z.string(), z.number()]).nullish() });

/** `POST /conversations/{id}/toggle_status`. `success` is null on Chatwoot's bot hand-off path. */
export const toggleStatusSchema = z.object({
  payload: z.object({ success: z.boolean().nullish(), current_status: conversationStatusSchema }),
});

/** `POST /conversations/{id}/toggle_priority`: 200 with an empty body (read as null). */
export const emptyAnswerSchema = z.unknown();

/** `POST /conversations/{id}/assignments`: the Agent, or `null` when nobody is assigned now. */
export const assignmentSchema = agentSchema.nullable();

/** `update_last_seen` / `unread` answer the conversation; the change is read back through the reads, so only its id is checked. */
export const conversationAckSchema = z.object({ id });

/** `GET|POST /conversations/{id}/labels`. */
export const labelListSchema = z.object({ payload: z.array(z.string()) });

/** `GET /agents`: every user of the account. */
export const agentListSchema = z.array(agentSchema);

/** `GET /contacts/{id}`: the contact partial under `payload`. */
export const contactAnswerSchema = z.object({ payload: contactSchema });
