import { DerivedFromAnswer } from '../shared/derived.js';
import { mapWithConcurrency } from '../shared/index.js';
import type { VoxysApi } from './api.js';
import type { LeadJson } from './crm-schemas.js';

/** The most `/leads` allows per page as far as we know (its docs name a default of 25, no maximum). */
export const LEADS_PER_PAGE = 100;

/**
 * Every lead that links a conversation, by conversation display id, read from the paged `/leads`
 * list. For an inbox page of n conversations this costs max(1, ceil(L / 100)) calls (L = leads in
 * the account) instead of n `/crm` calls, so it is only walked when that is not more: page 1 says how
 * many pages there are, and when the remaining ones would cost more than `budget` (n − 1) calls it
 * returns null and the caller falls back to `/crm` per conversation (1 + n calls in all). The other
 * pages are read at most `concurrency` (the source's setting) at a time.
 */
export async function readLeadIndex(api: VoxysApi, budget: number, concurrency: number): Promise<Map<string, LeadJson> | null> {
  const first = await api.leads(1, LEADS_PER_PAGE);
  const remaining = Math.max(0, first.totalPages - 1);
  if (remaining > budget) return null;
  // One page (the common case): the index is built once per cached answer, not per request.
  if (remaining === 0) return SINGLE_PAGE.get(first, '', (page) => indexOf([page]));
  const numbers = Array.from({ length: remaining }, (_, i) => i + 2);
  const rest = await mapWithConcurrency(numbers, concurrency, (page) => api.leads(page, LEADS_PER_PAGE));
  return indexOf([first, ...rest]);
}

const SINGLE_PAGE = new DerivedFromAnswer<Map<string, LeadJson>>();

function indexOf(pages: readonly { leads: LeadJson[] }[]): Map<string, LeadJson> {
  const index = new Map<string, LeadJson>();
  for (const lead of pages.flatMap((page) => page.leads)) {
    // One linked lead per conversation (the CRM sidebar's `linked_lead`); the newest listed wins.
    if (lead.conversation_id !== null && lead.conversation_id !== undefined && !index.has(String(lead.conversation_id))) {
      index.set(String(lead.conversation_id), lead);
    }
  }
  return index;
}
