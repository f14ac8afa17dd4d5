import type { Client, CombinedError } from '@urql/core';
import {
  ArchiveDocument,
  AssignToMeDocument,
  ConversationScreenDocument,
  DismissSuggestionDocument,
  MarkReadDocument,
  MarkUnreadDocument,
  SendSuggestionDocument,
  StarDocument,
  UnstarDocument,
  type ConversationRowFragment,
  type ConversationScreenQuery,
  type InboxAction,
} from './documents.js';
import { composer } from './composer.js';
import { crmSidebar } from './crm-sidebar.js';
import { badge, h } from './dom.js';
import { actionProblem, sourceProblems } from './errors.js';
import type { RowChanges } from './inbox-list.js';
import { Thread, toThreadMessage, type ThreadMessage } from './thread.js';

type Conversation = NonNullable<ConversationScreenQuery['conversation']>;
type Suggestion = NonNullable<Conversation['suggestions']>[number];
/** What every action payload carries (the ConversationRow fragment and userErrors). */
type Payload = { conversation?: ConversationRowFragment | null; userErrors: { code: string; message: string }[] };

/**
 * One conversation: header, the actions its `capabilities` allow, the thread with a composer, AI
 * suggestions to send or dismiss, and the CRM sidebar. Each action's payload patches the screen
 * and the inbox row (through `onChanged`).
 */
export class ConversationView {
  readonly element = h('section', { class: 'conversation' }, h('p', { class: 'empty' }, 'Pick a conversation.'));
  private conversation: Conversation | null = null;
  private thread = new Thread();
  private olderCursor: string | null = null;
  private readonly notice = h('div', { class: 'notice', role: 'status' });

  constructor(
    private readonly client: Client,
    private readonly onChanged: (row: ConversationRowFragment) => void,
  ) {}

  get openId(): string | null {
    return this.conversation?.id ?? null;
  }

  async open(id: string): Promise<void> {
    this.element.replaceChildren(h('p', { class: 'empty' }, 'Loading…'));
    const result = await this.client.query(ConversationScreenDocument, { id, last: 30 }).toPromise();
    const c = result.data?.conversation ?? null;
    this.conversation = c;
    if (!c) {
      this.element.replaceChildren(sourceProblems(result.error) ?? h('p', { class: 'empty' }, 'Conversation not found.'));
      return;
    }
    this.thread = new Thread();
    this.thread.reset((c.messages?.edges ?? []).map((e) => toThreadMessage(e.node)));
    this.olderCursor = c.messages?.pageInfo.hasPreviousPage ? (c.messages.pageInfo.startCursor ?? null) : null;
    this.notice.textContent = '';
    this.render(result.error ? sourceProblems(result.error) : null);
    this.thread.scrollToEnd();
    location.hash = `#/c/${encodeURIComponent(id)}`;
  }

  /** A live message of the open conversation. */
  messageArrived(conversationId: string, message: ThreadMessage): void {
    if (conversationId === this.openId) this.thread.append(message);
  }

  suggestionArrived(conversationId: string, suggestion: Suggestion): void {
    const c = this.conversation;
    if (!c || c.id !== conversationId || c.suggestions?.some((s) => s.id === suggestion.id)) return;
    this.conversation = { ...c, suggestions: [...(c.suggestions ?? []), suggestion] };
    this.render();
  }

  /** The conversation changed (an action here, or a live event): the header and buttons follow. */
  updated(row: RowChanges & { archived?: boolean | null }): void {
    const c = this.conversation;
    if (!c || c.id !== row.id) return;
    const next = { ...c };
    if (row.status !== undefined) next.status = row.status;
    if (row.priority !== undefined) next.priority = row.priority;
    if (row.unreadCount !== undefined) next.unreadCount = row.unreadCount;
    if (row.starred !== undefined) next.starred = row.starred;
    if (row.archived !== undefined) next.archived = row.archived;
    if (row.labels !== undefined) next.labels = row.labels;
    if (row.assignee !== undefined) next.assignee = row.assignee && { email: null, ...row.assignee };
    this.conversation = next;
    this.render();
  }

  private render(problems: HTMLElement | null = null): void {
    const c = this.conversation!;
    const can = (action: InboxAction) => c.capabilities.includes(action);
    const pending = (c.suggestions ?? []).filter((s) => s.status === 'PENDING');
    // Re-attaching the thread resets its scroll position: keep where the reader was.
    const scrolled = this.thread.element.scrollTop;
    this.element.replaceChildren(
      h(
        'div',
        { class: 'main' },
        h(
          'header',
          { class: 'conversation-header' },
          badge(c.source),
          h('h2', {}, c.title ?? c.contact?.name ?? 'Conversation'),
          h('span', { class: `status status-${c.status.toLowerCase()}` }, c.status),
          h('span', { class: 'muted' }, c.assignee ? `assigned to ${c.assignee.isMe ? 'me' : (c.assignee.name ?? '?')}` : 'unassigned'),
        ),
        h(
          'div',
          { class: 'actions' },
          can('MARK_READ') && (c.unreadCount ?? 0) > 0
            ? this.button(
                'Mark read',
                () => this.client.mutation(MarkReadDocument, { conversationId: c.id }).toPromise(),
                (d) => d.markConversationRead,
              )
            : null,
          can('MARK_UNREAD') && (c.unreadCount ?? 0) === 0
            ? this.button(
                'Mark unread',
                () => this.client.mutation(MarkUnreadDocument, { conversationId: c.id }).toPromise(),
                (d) => d.markConversationUnread,
              )
            : null,
          can('STAR') && !c.starred
            ? this.button(
                'Star',
                () => this.client.mutation(StarDocument, { conversationId: c.id }).toPromise(),
                (d) => d.starConversation,
              )
            : null,
          can('STAR') && c.starred
            ? this.button(
                'Unstar',
                () => this.client.mutation(UnstarDocument, { conversationId: c.id }).toPromise(),
                (d) => d.unstarConversation,
              )
            : null,
          can('ASSIGN') && !c.assignee?.isMe
            ? this.button(
                'Assign to me',
                () => this.client.mutation(AssignToMeDocument, { conversationId: c.id }).toPromise(),
                (d) => d.assignConversationToMe,
              )
            : null,
          can('ARCHIVE')
            ? this.button(
                c.archived ? 'Unarchive' : 'Archive',
                () => this.client.mutation(ArchiveDocument, { conversationId: c.id, archived: !c.archived }).toPromise(),
                (d) => d.archiveConversation,
              )
            : null,
        ),
        problems ?? '',
        this.notice,
        this.olderCursor ? h('button', { class: 'older', onclick: () => void this.loadOlder() }, 'Older messages') : null,
        this.thread.element,
        pending.length > 0 ? h('div', { class: 'suggestions' }, ...pending.map((s) => this.suggestion(s, can))) : null,
        can('SEND_MESSAGE')
          ? composer(this.client, c.id, (error, payload) => {
              if (payload?.message) this.thread.append({ ...payload.message, sender: 'me' });
              this.settle(error, payload, 'Send');
            })
          : h('p', { class: 'muted' }, 'This platform does not take replies from the gateway.'),
      ),
      crmSidebar(c),
    );
    this.thread.element.scrollTop = scrolled;
  }

  private button<D>(label: string, run: () => Promise<{ data?: D; error?: CombinedError }>, payload: (data: D) => Payload): HTMLButtonElement {
    const button = h('button', { class: 'action', 'data-action': label }, label);
    button.addEventListener('click', () => {
      button.disabled = true;
      void run().then((result) => this.settle(result.error, result.data ? payload(result.data) : undefined, label));
    });
    return button;
  }

  /** Shows the outcome of an action and applies the conversation it returned. */
  private settle(error: CombinedError | undefined, payload: Payload | undefined, label: string): void {
    const problem = actionProblem(error, payload?.userErrors);
    if (payload?.conversation) {
      this.onChanged(payload.conversation);
      this.updated(payload.conversation);
    } else this.render();
    this.notice.textContent = problem ? `${label}: ${problem}` : '';
  }

  private suggestion(s: Suggestion, can: (a: InboxAction) => boolean): HTMLElement {
    return h(
      'div',
      { class: 'suggestion', 'data-suggestion-id': s.id },
      h('span', { class: 'muted' }, 'AI suggestion: '),
      s.content ?? '',
      can('SEND_SUGGESTION')
        ? this.button(
            'Send suggestion',
            () => this.client.mutation(SendSuggestionDocument, { suggestionId: s.id }).toPromise(),
            (d) => this.suggestionDone(s.id, d.sendSuggestion),
          )
        : null,
      can('DISMISS_SUGGESTION')
        ? this.button(
            'Dismiss',
            () => this.client.mutation(DismissSuggestionDocument, { suggestionId: s.id }).toPromise(),
            (d) => this.suggestionDone(s.id, d.dismissSuggestion),
          )
        : null,
    );
  }

  private suggestionDone<P extends Payload & { suggestion: { id: string; status: Suggestion['status'] } | null; message?: { id: string; content: string | null } | null }>(
    id: string,
    payload: P,
  ): P {
    const c = this.conversation;
    if (c && payload.suggestion) this.conversation = { ...c, suggestions: (c.suggestions ?? []).map((s) => (s.id === id ? { ...s, status: payload.suggestion!.status } : s)) };
    return payload;
  }

  private async loadOlder(): Promise<void> {
    const c = this.conversation;
    if (!c || !this.olderCursor) return;
    const result = await this.client.query(ConversationScreenDocument, { id: c.id, last: 30, before: this.olderCursor }).toPromise();
    const messages = result.data?.conversation?.messages;
    if (!messages || this.openId !== c.id) return;
    this.thread.prepend(messages.edges.map((e) => toThreadMessage(e.node)));
    this.olderCursor = messages.pageInfo.hasPreviousPage ? (messages.pageInfo.startCursor ?? null) : null;
    this.render();
  }
}
