/**
 * Values every Voxys simulator module shares. This module imports nothing, so platform.ts,
 * shapes.ts and route-helpers.ts can all use it without an import cycle (a cycle left `BASE`
 * uninitialised when Node, unlike vitest, evaluated the modules: the demo crashed at start).
 */

/** Chatwoot's account-scoped API prefix. */
export const BASE = '/api/v1/accounts/:account_id';

/** Chatwoot's 404 body. */
export const NOT_FOUND_BODY = { error: 'Resource could not be found' };
