import type { Client } from '@urql/core';
import { InboxScreenDocument, type AssigneeFilter, type ConversationFilter, type InboxScreenQuery } from './documents.js';
import { badge, h, when } from './dom.js';
import { sourceProblems } from './errors.js';

type Connection = InboxScreenQuery['conversations'];
export type Row = Connection['edges'][number]['node'];
type Counts = NonNullable<Connection['counts']>;
/** The fields an action payload or a live event may change on a row. */
export type RowChanges = { id: string } & Partial<Pick<Row, 'status' | 'priority' | 'unreadCount' | 'starred' | 'labels' | 'lastActivityAt' | 'assignee'>>;
const CHANGEABLE = ['status', 'priority', 'unreadCount', 'starred', 'labels', 'lastActivityAt', 'assignee'] as const;

const TABS: { key: keyof Counts; label: string; filter: AssigneeFilter }[] = [
  { key: 'mine', label: 'Mine', filter: 'MINE' },
  { key: 'unassigned', label: 'Unassigned', filter: 'UNASSIGNED' },
  { key: 'assigned', label: 'Assigned', filter: 'ASSIGNED' },
  { key: 'all', label: 'All', filter: 'ALL' },
];
const PAGE_SIZE = 25;

/** The view the list shows (an `InboxView` of the sidebar): what it needs of one. */
export interface OpenView {
  id: string;
  name: string;
  filter: { assignee: AssigneeFilter };
}

/**
 * The merged inbox: tabs with their counts, rows from every platform newest first, and the next
 * page (`after: endCursor`) loaded when the end of the list scrolls into view.
 */
export class InboxList {
  readonly element = h('section', { class: 'inbox' });
  private readonly title = h('div', { class: 'inbox-title' });
  private readonly tabs = h('nav', { class: 'tabs' });
  private readonly problems = h('div', { class: 'source-problems' });
  private readonly list = h('ul', { class: 'rows' });
  private readonly sentinel = h('li', { class: 'sentinel' }, '');
  private tab: (typeof TABS)[number] = TABS[3]!;
  private view: OpenView | null = null;
  private rows: Row[] = [];
  private counts: Counts | null = null;
  private endCursor: string | null = null;
  private hasNextPage = false;
  private loading = false;
  private generation = 0;
  selectedId: string | null = null;

  constructor(
    private readonly client: Client,
    private readonly onOpen: (id: string) => void,
  ) {
    // Tabs and per-source problems stay in view while the rows scroll.
    this.element.append(h('div', { class: 'inbox-head' }, this.title, this.tabs, this.problems), this.list);
    // Infinite scroll: the sentinel after the last row asks for the next page when it shows.
    new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && this.hasNextPage) void this.loadMore();
    }).observe(this.sentinel);
  }

  /**
   * Open a view (`filter: { view: id }`, README "Inbox views"): its conversations, newest first,
   * from the All tab (a view that sets its own assignee would refuse another tab's).
   */
  async openView(view: OpenView): Promise<void> {
    this.view = view;
    this.tab = TABS[3]!;
    await this.reload();
  }

  /** The first page of the current tab (again). */
  async reload(): Promise<void> {
    this.generation++;
    this.element.scrollTop = 0;
    this.rows = [];
    this.endCursor = null;
    this.hasNextPage = false;
    this.loading = false;
    await this.loadMore();
  }

  async loadMore(): Promise<void> {
    if (this.loading) return;
    this.loading = true;
    const generation = this.generation;
    const result = await this.client.query(InboxScreenDocument, { first: PAGE_SIZE, after: this.endCursor, filter: this.filter() }).toPromise();
    if (generation !== this.generation) return; // the tab changed meanwhile
    this.loading = false;
    const page = result.data?.conversations;
    this.problems.replaceChildren(sourceProblems(result.error, page?.missingSources) ?? '');
    if (page) {
      const known = new Set(this.rows.map((r) => r.id));
      this.rows.push(...page.edges.map((e) => e.node).filter((n) => !known.has(n.id)));
      this.counts = page.counts;
      this.endCursor = page.pageInfo.endCursor ?? null;
      this.hasNextPage = page.pageInfo.hasNextPage;
    }
    this.render();
  }

  /** A live message: the row shows it and moves to the top. */
  messageArrived(conversation: { id: string; unreadCount: number | null; lastActivityAt: string | null; status: Row['status'] }, message: NonNullable<Row['lastMessage']>): void {
    const index = this.rows.findIndex((r) => r.id === conversation.id);
    if (index < 0) return void this.reloadCountsLater();
    const [row] = this.rows.splice(index, 1);
    this.rows.unshift({
      ...row!,
      lastMessage: message,
      unreadCount: conversation.unreadCount,
      lastActivityAt: conversation.lastActivityAt ?? row!.lastActivityAt,
      status: conversation.status,
    });
    this.render();
  }

  /** A conversation changed (here, by an action, or on the platform): patch its row. */
  patch(changes: RowChanges): void {
    const index = this.rows.findIndex((r) => r.id === changes.id);
    if (index < 0) return;
    const row = { ...this.rows[index]! };
    for (const key of CHANGEABLE) if (changes[key] !== undefined) Object.assign(row, { [key]: changes[key] });
    this.rows[index] = row;
    this.render();
  }

  /** The tab's assignee, within the open view if any (the other tabs' keys narrow it further). */
  private filter(): ConversationFilter {
    return this.view ? { assignee: this.tab.filter, view: this.view.id } : { assignee: this.tab.filter };
  }

  /** A tab whose assignee contradicts the open view's own (Unassigned within Mine) cannot be chosen. */
  private contradicts(tab: (typeof TABS)[number]): boolean {
    const own = this.view?.filter.assignee ?? 'ALL';
    return own !== 'ALL' && tab.filter !== 'ALL' && tab.filter !== own;
  }

  private countsTimer: ReturnType<typeof setTimeout> | undefined;
  /** A conversation not on screen changed: refresh the first page once things settle. */
  private reloadCountsLater(): void {
    if (this.endCursor !== null && this.rows.length > PAGE_SIZE) return; // the user is scrolling: leave the list be
    clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(() => void this.reload(), 1_000);
  }

  private render(): void {
    this.title.replaceChildren(this.view ? h('span', { 'data-view': this.view.id }, this.view.name) : 'Inbox');
    this.tabs.replaceChildren(
      ...TABS.map((tab) =>
        h(
          'button',
          {
            class: tab === this.tab ? 'tab active' : 'tab',
            'data-tab': tab.key,
            disabled: this.contradicts(tab),
            onclick: () => {
              this.tab = tab;
              void this.reload();
            },
          },
          tab.label,
          h('span', { class: 'count' }, this.counts ? this.counts[tab.key] : '…'),
        ),
      ),
    );
    this.list.replaceChildren(...this.rows.map((row) => this.renderRow(row)), this.sentinel);
    this.sentinel.textContent = this.loading ? 'Loading…' : this.hasNextPage ? '' : `${this.rows.length} conversations`;
  }

  private renderRow(row: Row): HTMLElement {
    return h(
      'li',
      {
        class: ['row', row.id === this.selectedId ? 'selected' : '', (row.unreadCount ?? 0) > 0 ? 'unread' : ''].join(' '),
        'data-id': row.id,
        onclick: () => {
          this.selectedId = row.id;
          this.render();
          this.onOpen(row.id);
        },
      },
      h(
        'div',
        { class: 'row-top' },
        badge(row.source),
        h('strong', { class: 'title' }, row.contact?.name ?? row.title ?? 'Untitled'),
        row.starred ? h('span', { class: 'star', title: 'starred' }, '★') : null,
        row.sla?.overdue ? h('span', { class: 'overdue' }, 'SLA') : null,
        h('time', {}, when(row.lastActivityAt)),
      ),
      h('div', { class: 'preview' }, row.lastMessage?.content ?? ''),
      h(
        'div',
        { class: 'row-meta' },
        h('span', { class: `status status-${row.status?.toLowerCase() ?? 'unknown'}` }, row.status ?? '?'),
        row.assignee ? h('span', {}, row.assignee.isMe ? 'me' : row.assignee.name) : h('span', { class: 'muted' }, 'unassigned'),
        row.lead ? h('span', { class: 'lead' }, `lead ${row.lead.name ?? ''}${row.lead.value ? ` · ${row.lead.value.amount} ${row.lead.value.currency}` : ''}`) : null,
        (row.unreadCount ?? 0) > 0 ? h('span', { class: 'unread-count' }, row.unreadCount) : null,
        ...(row.labels ?? []).map((label) => h('span', { class: 'label' }, label)),
      ),
    );
  }
}
