import type { ConversationScreenQuery } from './documents.js';
import { h, when } from './dom.js';

type Conversation = NonNullable<ConversationScreenQuery['conversation']>;

/** The CRM sidebar: contact, lead, funnel card, scenario step and tasks (each null when the platform has none). */
export function crmSidebar(c: Conversation): HTMLElement {
  const section = (title: string, ...body: (HTMLElement | string | null)[]) => h('section', { class: 'card' }, h('h3', {}, title), ...body);
  const field = (label: string, value: string | number | null | undefined) =>
    value === null || value === undefined || value === '' ? null : h('div', { class: 'field' }, h('span', { class: 'muted' }, label), ' ', String(value));
  return h(
    'aside',
    { class: 'sidebar' },
    section('Contact', field('Name', c.contact?.name), field('Email', c.contact?.email), field('Phone', c.contact?.phone), field('Company', c.contact?.company)),
    c.lead
      ? section(
          'Lead',
          field('Name', c.lead.name),
          field('Status', c.lead.status),
          field('Value', c.lead.value ? `${c.lead.value.amount} ${c.lead.value.currency}` : null),
          field('Score', c.lead.score),
          field('Owner', c.lead.owner?.name),
          field('Notes', c.lead.notes),
        )
      : null,
    c.funnelCard ? section('Funnel', field('Funnel', c.funnelCard.funnel?.name), field('Stage', c.funnelCard.stage?.name), field('Position', c.funnelCard.position)) : null,
    c.scenarioStep || c.scenario
      ? section('Scenario', field('Scenario', c.scenario?.name), field('Step', c.scenarioStep ? `${(c.scenarioStep.index ?? 0) + 1}. ${c.scenarioStep.name ?? ''}` : null))
      : null,
    c.tasks && c.tasks.length > 0
      ? section(
          'Tasks',
          h(
            'ul',
            { class: 'tasks' },
            ...c.tasks.map((t) =>
              h(
                'li',
                { class: t.overdue ? 'overdue' : '' },
                `${t.title ?? 'Task'} · ${t.status ?? ''}`,
                t.dueAt ? ` · due ${when(t.dueAt)}` : '',
                t.assignee?.name ? ` · ${t.assignee.name}` : '',
              ),
            ),
          ),
        )
      : null,
    section('Details', field('Channel', c.channel), field('Priority', c.priority), field('Labels', c.labels.join(', ')), field('SLA due', c.sla?.dueAt ? when(c.sla.dueAt) : null)),
  );
}
