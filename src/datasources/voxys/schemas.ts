import { z } from 'zod';

/**
 * The Voxys (Chatwoot + CRM add-on) JSON the connector reads. Objects are lenient (unknown keys are
 * dropped); the fields the mapping uses are checked. Chatwoot objects carry unix seconds (`updated_at`
 * may be a float); CRM objects carry ISO-8601 strings.
 */

const id = z.number().int();
const unixSeconds = z.number().nonnegative();
const isoTime = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not an ISO-8601 time');
const attributes = z.record(z.string(), z.unknown());

export const contactSchema = z.object({
  id,
  name: z.string().nullish(),
  email: z.string().nullish(),
  phone_number: z.string().nullish(),
  thumbnail: z.string().nullish(),
  additional_attributes: attributes.nullish(),
});
export type ContactJson = z.infer<typeof contactSchema>;

export const agentSchema = z.object({
  id,
  name: z.string().nullish(),
  available_name: z.string().nullish(),
  email: z.string().nullish(),
  thumbnail: z.string().nullish(),
  avatar_url: z.string().nullish(),
});
export type AgentJson = z.infer<typeof agentSchema>;

/** A message author: `contact`, `user` (an agent), `agent_bot` (newer versions add other bot kinds). */
export const senderSchema = z.object({
  id,
  type: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  phone_number: z.string().nullish(),
  thumbnail: z.string().nullish(),
  avatar_url: z.string().nullish(),
  additional_attributes: attributes.nullish(),
});
export type SenderJson = z.infer<typeof senderSchema>;

export const attachmentSchema = z.object({
  id,
  file_type: z.string().nullish(),
  data_url: z.string(),
});

/** Both the REST message and `push_event_data` (the conversation's last message) fit this. */
export const messageSchema = z.object({
  id,
  content: z.string().nullable(),
  conversation_id: id,
  /** incoming 0, outgoing 1, activity 2, template 3 (an integer in REST answers). */
  message_type: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  content_type: z.string().nullish(),
  private: z.boolean(),
  created_at: unixSeconds,
  sender: senderSchema.nullish(),
  attachments: z.array(attachmentSchema).nullish(),
});
export type MessageJson = z.infer<typeof messageSchema>;

export const conversationStatusSchema = z.enum(['open', 'resolved', 'pending', 'snoozed']);
export const conversationPrioritySchema = z.enum(['low', 'medium', 'high', 'urgent']);

/** `AppliedSla#push_event_data` (enterprise): thresholds in seconds, null when the policy has none. */
export const appliedSlaSchema = z.object({
  created_at: unixSeconds,
  sla_first_response_time_threshold: z.number().nullable(),
  sla_next_response_time_threshold: z.number().nullable(),
  sla_resolution_time_threshold: z.number().nullable(),
});
export type AppliedSlaJson = z.infer<typeof appliedSlaSchema>;

export const conversationSchema = z.object({
  id,
  status: conversationStatusSchema,
  priority: conversationPrioritySchema.nullish(),
  labels: z.array(z.string()),
  unread_count: z.number().int().nonnegative(),
  created_at: unixSeconds,
  last_activity_at: unixSeconds,
  /** 0 when nobody is waiting (Chatwoot renders `nil.to_i`). */
  waiting_since: unixSeconds.nullish(),
  /** 0 before the first human reply. */
  first_reply_created_at: unixSeconds.nullish(),
  additional_attributes: attributes.nullish(),
  messages: z.array(messageSchema),
  last_non_activity_message: messageSchema.nullish(),
  applied_sla: appliedSlaSchema.nullish(),
  meta: z.object({
    sender: contactSchema,
    channel: z.string().nullish(),
    assignee: agentSchema.nullish(),
  }),
});
export type ConversationJson = z.infer<typeof conversationSchema>;

const countsSchema = z.object({
  mine_count: z.number().int(),
  assigned_count: z.number().int(),
  unassigned_count: z.number().int(),
  all_count: z.number().int(),
});
export type CountsJson = z.infer<typeof countsSchema>;

/** `GET /conversations`. */
export const conversationListSchema = z.object({ data: z.object({ meta: countsSchema, payload: z.array(conversationSchema) }) });
/** `GET /conversations/meta` (no `data` wrapper). */
export const conversationMetaSchema = z.object({ meta: countsSchema });

/** The filter endpoint's counts (no `assigned_count` in Chatwoot 4.3; derived as all − unassigned). */
const filterCountsSchema = z.object({ unassigned_count: z.number().int(), all_count: z.number().int() });
const filterPageSchema = z.object({ meta: filterCountsSchema, payload: z.array(conversationSchema) });
/** `POST /conversations/filter`: Chatwoot renders it bare, the Voxys docs show a `data` wrapper; both are accepted. */
export const filterResultSchema = z.union([filterPageSchema, z.object({ data: filterPageSchema }).transform((wrapped) => wrapped.data)]);
export type FilterResultJson = z.infer<typeof filterResultSchema>;

/** `GET /conversations/{id}/messages`. */
export const messageListSchema = z.object({ payload: z.array(messageSchema) });

const crmAgentSchema = z.object({ id, name: z.string().nullish(), email: z.string().nullish(), avatar_url: z.string().nullish() });
export type CrmAgentJson = z.infer<typeof crmAgentSchema>;

export const leadSchema = z.object({
  id,
  custom_name: z.string().nullish(),
  status: z.enum(['open', 'won', 'lost', 'snoozed']).nullish(),
  lead_value: z.number().nullish(),
  lead_currency: z.string().nullish(),
  notes: z.string().nullish(),
  assigned_agent: crmAgentSchema.nullish(),
  company: z.object({ id, name: z.string().nullish() }).nullish(),
  conversation_id: id.nullish(),
  created_at: isoTime.nullish(),
  updated_at: isoTime.nullish(),
});
export type LeadJson = z.infer<typeof leadSchema>;

export const funnelCardSchema = z.object({
  id,
  funnel_id: id,
  funnel_stage_id: id,
  position: z.number().int().nullish(),
  created_at: isoTime.nullish(),
  updated_at: isoTime.nullish(),
});
export type FunnelCardJson = z.infer<typeof funnelCardSchema>;

/** Task status and priority values are ASSUMED (the Voxys page is cut off before them). */
export const taskSchema = z.object({
  id,
  title: z.string(),
  description: z.string().nullish(),
  status: z.enum(['pending', 'completed', 'cancelled']),
  priority: z.enum(['low', 'medium', 'high']).nullish(),
  due_at: isoTime.nullish(),
  completed_at: isoTime.nullish(),
  assigned_to: crmAgentSchema.nullish(),
});
export type TaskJson = z.infer<typeof taskSchema>;

/** `GET /conversations/{id}/crm` (seed 000). */
export const crmSidebarSchema = z.object({
  conversation_id: id,
  linked_lead: leadSchema.nullish(),
  linked_funnel_card: funnelCardSchema.nullish(),
  follow_up_tasks: z.array(taskSchema),
});
export type CrmSidebarJson = z.infer<typeof crmSidebarSchema>;

/** `GET /leads`. */
export const leadListSchema = z.object({
  data: z.array(leadSchema),
  meta: z.object({ current_page: z.number().int(), total_pages: z.number().int().nonnegative(), total_count: z.number().int() }),
});

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
