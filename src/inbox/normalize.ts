import { gqlError } from '../errors.js';
import type { ConversationFilter as FilterInput } from '../generated/graphql.js';
import type { ConversationFilter } from '../model/index.js';

const MAX_SEARCH = 200;
const MAX_LABELS = 20;

/** Validates the GraphQL filter input and turns it into the model's canonical filter. */
export function normalizeFilter(input: FilterInput | null | undefined): ConversationFilter {
  const search = input?.search?.trim() || null;
  if (search && search.length > MAX_SEARCH) throw gqlError('BAD_USER_INPUT', `filter.search: at most ${MAX_SEARCH} characters`, { argument: 'filter.search' });
  const labels = input?.labels?.map((l) => l.trim()).filter(Boolean) ?? null;
  if (labels && labels.length > MAX_LABELS) throw gqlError('BAD_USER_INPUT', `filter.labels: at most ${MAX_LABELS}`, { argument: 'filter.labels' });
  return {
    status: input?.status?.length ? [...new Set(input.status)].sort() : null,
    assignee: input?.assignee ?? 'ALL',
    search,
    archived: input?.archived ?? null,
    starred: input?.starred ?? null,
    overdue: input?.overdue ?? null,
    labels: labels?.length ? [...new Set(labels)].sort() : null,
    unread: input?.unread ?? null,
    // Set only by an opened view (`filter.view`, src/inbox/views.ts).
    activeWithinDays: null,
  };
}
