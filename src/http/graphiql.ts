import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

const DEFAULT_QUERY = `# The merged inbox: newest activity first, across every platform.
query InboxScreen {
  conversations(first: 25) {
    counts { mine unassigned assigned all }
    edges {
      node {
        id source title status unreadCount lastActivityAt
        contact { name }
        assignee { name isMe }
        lastMessage { content createdAt }
        lead { name value { amount currency } }
        sla { overdue dueAt }
      }
    }
    pageInfo { hasNextPage endCursor }
    missingSources
  }
}

# Live: new messages as they arrive.
# subscription { messageAdded { cursor message { content conversation { title } } } }
`;

const pages = new Map<string, string>();

/**
 * GraphiQL, with every asset inlined from the locally installed package (no CDN). Rendered once
 * per distinct option set: the page is about 9 MB.
 */
export function graphiqlPage(options: { token?: string | null } = {}): string {
  const cacheKey = options.token ?? '';
  let page = pages.get(cacheKey);
  if (!page) {
    page = renderGraphiQL({
      title: 'Inbox gateway',
      endpoint: '/graphql',
      subscriptionsProtocol: 'WS',
      defaultQuery: DEFAULT_QUERY,
      headers: options.token ? JSON.stringify({ Authorization: `Bearer ${options.token}` }, null, 2) : undefined,
      shouldPersistHeaders: false,
    });
    pages.set(cacheKey, page);
  }
  return page;
}
