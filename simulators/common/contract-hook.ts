import type { ContractChecker } from './contract-check.js';
import type { SimMethod, SimResponse } from './server.js';

/**
 * Where the simulator server meets its contract checker (contract-check.ts): each platform answer
 * is checked against the OpenAPI document before it is sent, and `GET /__admin/contract-violations`
 * reports what was checked and what broke.
 */

/** Checks one answer, as serialized for the wire, against the declared operation `METHOD route`. */
export async function checkAnswer(
  checker: ContractChecker,
  method: SimMethod,
  route: string,
  path: string,
  status: number,
  wire: { headers: Record<string, string>; payload: string | Buffer },
): Promise<void> {
  await checker.check(method, route, path, {
    status,
    contentType: Object.entries(wire.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? null,
    payload: typeof wire.payload === 'string' ? wire.payload : wire.payload.toString('latin1'),
  });
}

/** `GET /__admin/contract-violations`: whether answers are checked, how many per operation, and the violations. */
export function contractViolations(checker: ContractChecker | null): SimResponse {
  return {
    status: 200,
    body: { checking: checker !== null, checked: Object.fromEntries(checker?.checked ?? []), violations: checker?.violations ?? [] },
  };
}
