import { z } from 'zod';
import { lenientList, optional, optionalBoolean, optionalText } from '../shared/lenient.js';

/**
 * Iron's saved views, their counts, its SLA configuration and its overdue count (seed 004 names the
 * endpoints; every shape here is ASSUMED, as the simulator serves it; MAPPING.md says so per field).
 */

export const ironViewFiltersSchema = z.object({
  unread: optionalBoolean,
  starred: optionalBoolean,
  archived: optionalBoolean,
  overdue: optionalBoolean,
  recent_days: optional(z.number().int().min(1)),
});

export const ironViewSchema = z.object({
  id: z.string().min(1),
  name: optionalText,
  /** Unread / Recents / Starred / All: Iron will not delete them. */
  builtin: optionalBoolean,
  /** A view without filters lists every thread that is not archived (as Iron's All does). */
  filters: optional(ironViewFiltersSchema),
});

export const ironViewsSchema = z.object({ items: lenientList(ironViewSchema) });

export const ironViewCountsSchema = z.object({
  items: lenientList(
    z.object({
      view_id: z.string().min(1),
      unread: z.number().int().min(0),
      total: z.number().int().min(0),
    }),
  ),
});

export const ironSlaConfigSchema = z.object({
  enabled: optionalBoolean,
  first_response_minutes: optional(z.number().min(0)),
  business_hours_only: optionalBoolean,
});

export const ironOverdueCountSchema = z.object({ count: z.number().int().min(0) });

export type IronViewJson = z.infer<typeof ironViewSchema>;
export type IronViewFiltersJson = z.infer<typeof ironViewFiltersSchema>;
export type IronViewsJson = z.infer<typeof ironViewsSchema>;
export type IronViewCountsJson = z.infer<typeof ironViewCountsSchema>;
export type IronSlaConfigJson = z.infer<typeof ironSlaConfigSchema>;

/** What `PUT /conversations/views` takes: the whole list (ASSUMED; a view without `id` is new). */
export interface IronViewsBody {
  items: { id?: string; name: string; filters: { archived: boolean; unread?: true; starred?: true; overdue?: true; recent_days?: number } }[];
}
