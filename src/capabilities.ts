import { platformOfType, PLATFORMS } from './datasources/index.js';
import type { InboxAction } from './generated/graphql.js';
import { SOURCE_TYPES, type SourceType } from './model/index.js';

/** Every action, in the order the README's table lists them (the record makes the list exhaustive). */
const ACTION_ORDER: Record<InboxAction, number> = {
  SEND_MESSAGE: 0,
  SEND_PRIVATE_NOTE: 1,
  MARK_READ: 2,
  MARK_UNREAD: 3,
  STAR: 4,
  ARCHIVE: 5,
  ASSIGN: 6,
  SET_STATUS: 7,
  SET_PRIORITY: 8,
  SET_AI_ENABLED: 9,
  SET_LABELS: 10,
  SEND_SUGGESTION: 11,
  DISMISS_SUGGESTION: 12,
  MOVE_TO_SCENARIO_STEP: 13,
  SET_LEAD_STATUS: 14,
};
const ALL_ACTIONS = (Object.keys(ACTION_ORDER) as InboxAction[]).sort((a, b) => ACTION_ORDER[a] - ACTION_ORDER[b]);

/**
 * The capability matrix, derived from what each platform's `actions` implement (nothing restates
 * it): `Conversation.capabilities`, the action runner and the README's table all read it here.
 */
export function capabilitiesOf(type: SourceType): InboxAction[] {
  const actions = platformOfType(type).actions;
  return ALL_ACTIONS.filter((action) => actions[action] !== undefined);
}

export function supports(type: SourceType, action: InboxAction): boolean {
  return platformOfType(type).actions[action] !== undefined;
}

/** The README's capability table (markdown), generated from the platform modules. */
export function capabilityTable(): string {
  const header = `| action | ${SOURCE_TYPES.join(' | ')} |`;
  const rule = `|---|${SOURCE_TYPES.map(() => '---').join('|')}|`;
  const rows = ALL_ACTIONS.map((action) => {
    const cells = SOURCE_TYPES.map((type) => {
      const spec = (PLATFORMS[type].actions as Partial<Record<InboxAction, { endpoint: string }>>)[action];
      return spec ? `\`${spec.endpoint.replace(/\|/g, '\\|')}\`` : '—';
    });
    return `| ${action} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
