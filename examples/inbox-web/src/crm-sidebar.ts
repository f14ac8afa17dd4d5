import type { ConversationScreenQuery } from './documents.js';
import { h, when } from './dom.js';

type Conversation = NonNullable<ConversationScreenQuery['conversation']>;

type Alerts = NonNullable<NonNullable<Conversation['lead']>['alerts']>;

/** The alerts that are on, by a short name. */
function alertNames(alerts: Alerts): string[] {
  const names: [keyof Omit<Alerts, '__typename'>, string][] = [
    ['overdueExpectedClose', 'close date passed'],
    ['overdueActivity', 'activity overdue'],
    ['stale', 'stale'],
    ['responded', 'responded'],
    ['newHandoffAssigned', 'new hand-over'],
  ];
  return names.filter(([key]) => alerts[key] === true).map(([, name]) => name);
}

/** Custom attributes (a JSON object) as `name: value` pairs; null when there are none. */
function attributesText(attributes: unknown): string | null {
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) return null;
  const pairs = Object.entries(attributes as Record<string, unknown>).map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return pairs.length > 0 ? pairs.join(', ') : null;
}

/** The CRM sidebar: contact, lead, conversation details, funnel card, scenario step and tasks (each left out when the platform has none). */
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
          field('Company', c.lead.company ? [c.lead.company.name, c.lead.company.domain].filter(Boolean).join(' · ') : null),
          field('Value', c.lead.value ? `${c.lead.value.amount} ${c.lead.value.currency}` : null),
          field('Score', c.lead.score),
          field('Hot score', c.lead.hotScore),
          field('Expected close', c.lead.expectedCloseAt ? when(c.lead.expectedCloseAt) : null),
          field('Lost because', c.lead.lostReason),
          field('Alerts', c.lead.alerts ? alertNames(c.lead.alerts).join(', ') : null),
          field('Owner', c.lead.owner?.name),
          field('Notes', c.lead.notes),
          field('Attributes', attributesText(c.lead.customAttributes)),
        )
      : null,
    c.summary || c.handoffs.length > 0 || c.frustration !== null || attributesText(c.customAttributes)
      ? section(
          'Conversation',
          field('Summary', c.summary),
          field('Frustration', c.frustration),
          field('Attributes', attributesText(c.customAttributes)),
          ...c.handoffs.map((handoff) =>
            field('Hand-over', [handoff.status, handoff.acceptedBy?.name, handoff.requestedAt ? when(handoff.requestedAt) : null].filter(Boolean).join(' · ')),
          ),
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
