import { css, editorWorkerService, favicon, graphqlWorker, js, jsonWorker } from '@graphql-yoga/render-graphiql/graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';
import { cachedResource, contentHash, type CachedResource } from './cached-resource.js';
import { GRAPHIQL_FETCHER_SCRIPT } from './graphiql-fetcher.js';

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

/** Where the GraphiQL bundle is served (content-addressed: `/graphiql/<hash>.js`). */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

let bundle: (CachedResource & { path: string }) | undefined;

/**
 * Everything heavy of GraphiQL (about 9 MB: Yoga's GraphiQL with its styles, Monaco workers and
 * icon, inlined from the locally installed package, no CDN), plus our fetcher, as one script at a
 * content-addressed URL: cached by the browser for a year and never re-sent. (Inlined in the page
 * it could not be cached: every POST GraphiQL sends to /graphql invalidates the browser's cached
 * copy of /graphql, as HTTP requires for a URL an unsafe request was sent to.)
 */
export function graphiqlBundle(): CachedResource & { path: string } {
  if (!bundle) {
    const script = `(function () {
  var style = document.createElement('style');
  style.textContent = ${JSON.stringify(css)};
  document.head.appendChild(style);
  var icon = document.createElement('link');
  icon.rel = 'icon';
  icon.href = ${JSON.stringify(favicon)};
  document.head.appendChild(icon);
  function prepareBlob(workerContent) {
    return URL.createObjectURL(new Blob([workerContent], { type: 'application/javascript' }));
  }
  var workers = {
    editorWorkerService: prepareBlob(${JSON.stringify(editorWorkerService)}),
    json: prepareBlob(${JSON.stringify(jsonWorker)}),
    graphql: prepareBlob(${JSON.stringify(graphqlWorker)}),
  };
  self['MonacoEnvironment'] = { globalAPI: false, getWorkerUrl: function (moduleId, label) { return workers[label]; } };
})();
${js};
${GRAPHIQL_FETCHER_SCRIPT}`;
    bundle = { ...cachedResource(script, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'), path: `${GRAPHIQL_ASSET_PREFIX}${contentHash(script)}.js` };
  }
  return bundle;
}

const pages = new Map<string, CachedResource>();

/**
 * The GraphiQL page: a few hundred bytes that load the bundle and render GraphiQL with our options
 * (the demo token pre-filled in demo mode). `no-cache` with an ETag: the browser revalidates, so a
 * new token shows at once, and an unchanged page is a bodiless 304.
 */
export function graphiqlPage(options: { token?: string | null } = {}): CachedResource {
  const cacheKey = options.token ?? '';
  let page = pages.get(cacheKey);
  if (!page) {
    const graphiqlOptions: GraphiQLOptions = {
      title: 'Inbox gateway',
      endpoint: '/graphql',
      subscriptionsProtocol: 'WS',
      defaultQuery: DEFAULT_QUERY,
      headers: options.token ? JSON.stringify({ Authorization: `Bearer ${options.token}` }, null, 2) : undefined,
      shouldPersistHeaders: false,
    };
    // `<` escaped: the options can never close the script element.
    const json = JSON.stringify(graphiqlOptions).replace(/</g, '\\u003c');
    const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${graphiqlOptions.title}</title>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script src="${graphiqlBundle().path}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), gatewayGraphiQLOptions(${json}));
    </script>
  </body>
</html>
`;
    page = cachedResource(html, 'text/html; charset=utf-8', 'private, no-cache');
    pages.set(cacheKey, page);
  }
  return page;
}
