import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';

/**
 * The GraphQL-over-HTTP audit suite (graphql-http) against the gateway: no audit may fail.
 * Warnings and notices (e.g. CSRF prevention refusing a bare GET) are Apollo Server's documented
 * choices and are reported, not failed.
 */
let stack: Stack;
let token: string;
beforeAll(async () => {
  // Some audits ask `__type`: introspection is off by default in a configuration.
  stack = await startStack({ tenants: [{ id: 't1', seed: 'audit', size: 3 }], config: { server: { introspection: true } } });
  token = await stack.token('t1');
});
afterAll(async () => stack?.close());

describe('GraphQL over HTTP compliance', () => {
  it('passes every audit of graphql-http (no errors)', async () => {
    const audits = serverAudits({
      url: () => `${stack.url}/graphql`,
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      },
    });
    const results = await Promise.all(audits.map(async (audit) => ({ name: audit.name, result: await audit.fn() })));
    const errors = results.filter((r) => r.result.status === 'error').map((r) => `${r.name}: ${'reason' in r.result ? r.result.reason : ''}`);
    const warnings = results.filter((r) => r.result.status === 'warn').length;
    console.info(`graphql-http audits: ${results.length} run, ${results.length - errors.length - warnings} ok, ${warnings} warnings, ${errors.length} errors`);
    expect(errors).toEqual([]);
  });
});
