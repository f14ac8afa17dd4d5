import './style.css';
import { createGatewayClient } from './client.js';
import { loadConfig } from './config.js';
import { ConversationView } from './conversation-view.js';
import { h } from './dom.js';
import { InboxList } from './inbox-list.js';
import { startLive } from './live.js';
import { toThreadMessage } from './thread.js';
import { ViewsSidebar } from './views-sidebar.js';

/** The reference inbox: the views, the merged list beside them, one conversation on the right, kept live. */
async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  const config = await loadConfig();
  const { client, ws } = createGatewayClient(config);

  const liveStatus = h('span', { class: 'live-status' }, 'connecting…');
  const view = new ConversationView(client, (row) => list.patch(row));
  const list = new InboxList(client, (id) => void view.open(id));
  const views = new ViewsSidebar(client, (opened) => void list.openView(opened));
  root.replaceChildren(
    h('header', { class: 'topbar' }, h('h1', {}, 'Inbox'), h('span', { class: 'muted' }, new URL(config.graphqlUrl).host), liveStatus),
    h('div', { class: 'layout' }, views.element, list.element, view.element),
  );

  startLive(client, ws, {
    message: ({ message, conversation }) => {
      if (!conversation) return; // a platform that failed to say which: the list catches up on the next read
      list.messageArrived(conversation, message);
      view.messageArrived(conversation.id, toThreadMessage(message));
    },
    suggestion: ({ suggestion, conversation }) => conversation && suggestion && view.suggestionArrived(conversation.id, suggestion),
    conversation: ({ conversation }) => {
      if (!conversation) return;
      list.patch(conversation);
      view.updated(conversation);
    },
    status: (text, ok) => {
      liveStatus.textContent = text;
      liveStatus.className = `live-status ${ok ? 'ok' : 'down'}`;
    },
  });

  // The views' counts read every source's whole list: not awaited, the inbox shows first.
  void views.load();
  await list.reload();
  // A link to a conversation (#/c/<id>) opens it.
  const linked = /^#\/c\/(.+)$/.exec(location.hash)?.[1];
  if (linked) void view.open(decodeURIComponent(linked));
}

main().catch((error: unknown) => {
  document.getElementById('app')!.replaceChildren(h('div', { class: 'problems', role: 'alert' }, error instanceof Error ? error.message : String(error)));
});
