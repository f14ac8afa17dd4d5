import type { ScenarioName } from './options.js';

/**
 * Which gateway configuration each scenario needs. Each group gets a fresh gateway process per
 * platform latency, so one scenario's memory and caches never leak into another group's numbers.
 */
export type GatewayGroup = 'cached' | 'uncached' | 'subscriptions' | 'scale-out';

export const SCENARIO_GROUP: Record<ScenarioName, GatewayGroup> = {
  floor: 'cached',
  'inbox-warm': 'cached',
  'conversation-warm': 'cached',
  'send-message': 'cached',
  'inbox-cold': 'uncached',
  'conversation-cold': 'uncached',
  subscriptions: 'subscriptions',
  // Two gateways of its own on one Redis (bench/scale-out.ts), started by run.ts, not planGroups.
  'scale-out': 'scale-out',
};

/**
 * The groups to start, in order, each with its scenarios in the order given. The cold scenarios go
 * first: `send-message` adds hundreds of messages to the simulators' threads, and cold reads after
 * it would parse longer threads than the seed's (measured: ~15% more CPU per cold InboxScreen).
 */
export function planGroups(scenarios: readonly ScenarioName[]): { group: GatewayGroup; scenarios: ScenarioName[] }[] {
  const order: GatewayGroup[] = ['uncached', 'cached', 'subscriptions'];
  return order.map((group) => ({ group, scenarios: scenarios.filter((s) => SCENARIO_GROUP[s] === group) })).filter((g) => g.scenarios.length > 0);
}
