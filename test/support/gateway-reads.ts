import type { InboxConnector, JsonValue } from '../../src/datasources/connector.js';
import { ALL_FILTER_KEYS, fieldsNeeded, matchesFilter } from '../../src/inbox/filter.js';
import type { ConversationFilter, ConversationModel } from '../../src/model/index.js';

/** How the gateway reads through one source's connector, for tests that check or count those reads. */

/** A list that is still going after this many pages does not end. */
const MAX_PAGES = 100;

/**
 * One source's part of the merged inbox: follows `next` to the end and applies what the platform
 * did not, as the gateway does. A row is hydrated first only when a key left to the gateway reads a
 * field the row deferred (rows of platforms that defer nothing are used as listed).
 */
export async function walkInbox(
  connector: InboxConnector,
  filter: ConversationFilter,
  me: string | null,
  limitHint: number,
): Promise<{ items: ConversationModel[]; pages: number }> {
  const items: ConversationModel[] = [];
  let position: JsonValue | null = null;
  let pages = 0;
  do {
    const page = await connector.listConversations({ filter, position, limitHint });
    const rest = ALL_FILTER_KEYS.filter((key) => !page.applied.has(key));
    const needed = fieldsNeeded(filter, rest);
    const rows = await Promise.all(page.items.map((row) => ([...(row.deferred ?? [])].some((field) => needed.has(field)) ? connector.hydrate(row) : row)));
    items.push(...rows.filter((row) => matchesFilter(row, filter, me, rest)));
    position = page.next;
    if (++pages > MAX_PAGES) throw new Error('the list does not end');
  } while (position !== null);
  return { items, pages };
}

/** Everything the conversation screen reads of one conversation, all at once, as the gateway asks for it. */
export async function readConversationScreen(connector: InboxConnector, conversation: ConversationModel) {
  const [messages, lastMessage, lead, funnelCard, tasks, scenario, suggestions] = await Promise.all([
    connector.messages(conversation, { last: 30 }),
    connector.lastMessage(conversation),
    connector.lead?.(conversation) ?? null,
    connector.funnelCard?.(conversation) ?? null,
    connector.tasks?.(conversation) ?? [],
    connector.scenario?.(conversation) ?? null,
    connector.suggestions?.(conversation) ?? [],
  ]);
  return { messages, lastMessage, lead, funnelCard, tasks, scenario, suggestions };
}
