import type { Client } from '@urql/core';
import { InboxViewsDocument, type InboxViewsQuery } from './documents.js';
import { badge, h } from './dom.js';
import { sourceProblems } from './errors.js';

export type InboxView = InboxViewsQuery['inboxViews'][number];

/**
 * The views sidebar: the built-in views (merged over every source, counts summed), then each
 * platform's saved views with the platform's own counts. Clicking one opens it in the inbox list.
 * Asked once: counting the built-in views reads every source's whole list (README "Inbox views").
 */
export class ViewsSidebar {
  readonly element = h('nav', { class: 'views', 'aria-label': 'Inbox views' });
  private views: InboxView[] = [];
  private selectedId: string | null = null;

  constructor(
    private readonly client: Client,
    private readonly onSelect: (view: InboxView) => void,
  ) {}

  async load(): Promise<void> {
    const result = await this.client.query(InboxViewsDocument, {}).toPromise();
    this.views = result.data?.inboxViews ?? [];
    this.render(sourceProblems(result.error));
  }

  private select(view: InboxView): void {
    this.selectedId = view.id;
    this.render();
    this.onSelect(view);
  }

  private render(problems: HTMLElement | null = null): void {
    const builtIn = this.views.filter((v) => v.builtIn);
    const saved = this.views.filter((v) => !v.builtIn);
    this.element.replaceChildren(problems ?? '', h('h2', {}, 'Views'), this.list(builtIn));
    if (saved.length > 0) this.element.append(h('h2', {}, 'Saved views'), this.list(saved));
  }

  private list(views: InboxView[]): HTMLElement {
    return h(
      'ul',
      {},
      ...views.map((view) => {
        const selected = view.id === this.selectedId;
        return h(
          'li',
          {},
          h(
            'button',
            {
              class: selected ? 'view active' : 'view',
              'data-view': view.id,
              'data-name': view.name,
              'aria-current': selected ? 'true' : null,
              onclick: () => this.select(view),
            },
            view.source ? badge(view.source) : null,
            h('span', { class: 'view-name' }, view.name),
            // null when a source it needs failed: shown as unknown, not as 0.
            h('span', { class: 'count' }, view.counts ? view.counts.total : '?'),
          ),
        );
      }),
    );
  }
}
