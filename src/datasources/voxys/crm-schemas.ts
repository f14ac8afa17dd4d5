import { z } from 'zod';
import { rowList } from '../shared/index.js';
import { optional, optionalJsonObject, optionalText } from '../shared/lenient.js';
import { id, isoTime, orEmpty, text } from './schemas.js';

/**
 * The JSON of Voxys' CRM add-on (leads, funnel cards, follow-up tasks; seed 000): the same
 * tolerant boundary as schemas.ts. CRM objects carry ISO-8601 strings.
 */

const crmAgentSchema = z.object({ id, name: text, email: text, avatar_url: text });
export type CrmAgentJson = z.infer<typeof crmAgentSchema>;

export const leadSchema = z.object({
  id,
  custom_name: text,
  /** `open` / `won` / `lost` / `snoozed`; anything else reads as null (mapping). */
  status: text,
  lead_value: z.number().nullish(),
  lead_currency: text,
  notes: text,
  assigned_agent: orEmpty(crmAgentSchema),
  /** `{id, name, domain}` (seed 000); `{}` or null is none. */
  company: orEmpty(z.object({ id: optional(id), name: optionalText, domain: optionalText })),
  /** An object of the account's lead attributes (seed 000), passed through; anything else reads as null. */
  custom_attributes: optionalJsonObject,
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
  description: text,
  status: z.enum(['pending', 'completed', 'cancelled']),
  priority: z.enum(['low', 'medium', 'high']).nullish(),
  due_at: isoTime.nullish(),
  completed_at: isoTime.nullish(),
  assigned_to: orEmpty(crmAgentSchema),
});
export type TaskJson = z.infer<typeof taskSchema>;

/** `GET /conversations/{id}/crm` (seed 000): the tasks one by one. */
export const crmSidebarSchema = z.object({
  conversation_id: id.nullish(),
  linked_lead: orEmpty(leadSchema),
  linked_funnel_card: orEmpty(funnelCardSchema),
  follow_up_tasks: rowList(taskSchema).nullish(),
});
export type CrmSidebarJson = z.infer<typeof crmSidebarSchema>;

/** `GET /leads`: the leads one by one. */
export const leadListSchema = z.object({
  data: rowList(leadSchema),
  meta: z.object({ current_page: z.number().int().nullish(), total_pages: z.number().int().nonnegative(), total_count: z.number().int().nullish() }),
});
