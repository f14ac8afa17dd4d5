/**
 * How the simulated Voxys installation is set up (what a real one configures for itself), changed
 * at run time with `POST /__admin/settings` (settings-admin.ts) or given at creation:
 * - `pageSize`: conversations per page of `GET /conversations` and `POST /conversations/filter`
 *   (Chatwoot's `CONVERSATION_RESULTS_PER_PAGE`, 25 unless the installation sets it);
 * - `slaFeature`: the account's SLA feature (enterprise). On, every conversation carries
 *   `applied_sla` (`{}` when it has no SLA, as Chatwoot's jbuilder renders an empty block) and
 *   `sla_events`; off, neither key;
 * - `unreadableConversations` / `unreadableMessages`: rows rendered so that no client can read them
 *   (their times are not numbers; their ids stay readable), a fault for tests of "one bad row costs
 *   one row".
 */
export interface VoxysSettings {
  pageSize: number;
  slaFeature: boolean;
  unreadableConversations: number[];
  unreadableMessages: number[];
}

export const DEFAULT_VOXYS_SETTINGS: VoxysSettings = { pageSize: 25, slaFeature: true, unreadableConversations: [], unreadableMessages: [] };

/** The most a page may hold here (Chatwoot has no cap; a bound keeps a typo from rendering everything). */
const MAX_PAGE_SIZE = 1000;

const isIdList = (value: unknown): value is number[] => Array.isArray(value) && value.every((n) => typeof n === 'number' && Number.isInteger(n) && n > 0);

/** Validates a partial update: the settings it gives, or the problem with it. */
export function updatedSettings(current: VoxysSettings, update: unknown): VoxysSettings | { problem: string } {
  if (typeof update !== 'object' || update === null || Array.isArray(update)) return { problem: 'body must be a JSON object' };
  const next: VoxysSettings = { ...current };
  for (const [key, value] of Object.entries(update)) {
    switch (key) {
      case 'pageSize':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE)
          return { problem: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}` };
        next.pageSize = value;
        break;
      case 'slaFeature':
        if (typeof value !== 'boolean') return { problem: 'slaFeature must be true or false' };
        next.slaFeature = value;
        break;
      case 'unreadableConversations':
      case 'unreadableMessages':
        if (!isIdList(value)) return { problem: `${key} must be a list of ids` };
        next[key] = [...value];
        break;
      default:
        return { problem: `unknown setting "${key}"` };
    }
  }
  return next;
}
