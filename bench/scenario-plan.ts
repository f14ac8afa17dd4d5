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

/** The groups to start, in order, each with its scenarios in the order given. */
export function planGroups(scenarios: readonly ScenarioName[]): { group: GatewayGroup; scenarios: ScenarioName[] }[] {
  const order: GatewayGroup[] = ['cached', 'uncached', 'subscriptions'];
  return order.map((group) => ({ group, scenarios: scenarios.filter((s) => SCENARIO_GROUP[s] === group) })).filter((g) => g.scenarios.length > 0);
}
