import type { ConversationScreenQuery, MessageAddedSubscription } from './documents.js';
import { h, when } from './dom.js';

type ScreenMessage = NonNullable<NonNullable<ConversationScreenQuery['conversation']>['messages']>['edges'][number]['node'];
type LiveMessage = MessageAddedSubscription['messageAdded']['message'];

/** What a bubble shows, from the screen query or a live event alike. */
export interface ThreadMessage {
  id: string;
  content: string | null;
  direction: string;
  private: boolean;
  createdAt: string;
  sender: string | null;
  callSummary?: string | null;
  attachments?: readonly { url: string; name: string | null }[];
}

export function toThreadMessage(m: ScreenMessage | LiveMessage): ThreadMessage {
  const sender = m.sender && 'name' in m.sender ? (m.sender.name ?? null) : null;
  return {
    id: m.id,
    content: m.content,
    direction: m.direction,
    private: m.private,
    createdAt: m.createdAt,
    sender,
    ...('callSummary' in m ? { callSummary: m.callSummary, attachments: m.attachments } : {}),
  };
}

/** The message list: oldest at the top, each message once (a send and its live event are one). */
export class Thread {
  readonly element = h('ol', { class: 'thread' });
  private readonly ids = new Set<string>();

  reset(messages: ThreadMessage[]): void {
    this.ids.clear();
    this.element.replaceChildren();
    for (const m of messages) this.append(m, false);
  }

  scrollToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  /** Older history above what is shown. */
  prepend(messages: ThreadMessage[]): void {
    const fresh = messages.filter((m) => !this.ids.has(m.id));
    for (const m of fresh) this.ids.add(m.id);
    this.element.prepend(...fresh.map(bubble));
  }

  append(m: ThreadMessage, scroll = true): void {
    if (this.ids.has(m.id)) return;
    this.ids.add(m.id);
    this.element.append(bubble(m));
    if (scroll) this.scrollToEnd();
  }
}

function bubble(m: ThreadMessage): HTMLElement {
  const side = m.direction === 'INBOUND' ? 'inbound' : 'outbound';
  return h(
    'li',
    { class: `message ${side}${m.private ? ' private' : ''}`, 'data-message-id': m.id },
    h('div', { class: 'sender' }, m.sender ?? (side === 'inbound' ? 'Contact' : 'Agent'), m.private ? ' · private note' : '', ' · ', when(m.createdAt)),
    h('div', { class: 'content' }, m.content ?? ''),
    m.callSummary ? h('div', { class: 'call' }, `Call: ${m.callSummary}`) : null,
    ...(m.attachments ?? []).map((a) => h('a', { class: 'attachment', href: a.url, target: '_blank', rel: 'noopener' }, a.name ?? 'attachment')),
  );
}
