import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capabilitiesOf, capabilityTable, README_TABLE_END, README_TABLE_START, supports } from '../src/capabilities.js';
import { PLATFORMS } from '../src/datasources/index.js';
import type { InboxAction } from '../src/generated/graphql.js';
import { SOURCE_TYPES } from '../src/model/index.js';

/** What each platform's API offers (UPSTREAMS.md): a change here is a change of product. */
const EXPECTED: Record<string, InboxAction[]> = {
  voxys: ['SEND_MESSAGE', 'SEND_PRIVATE_NOTE', 'SEND_ATTACHMENTS', 'MARK_READ', 'MARK_UNREAD', 'ASSIGN', 'SET_STATUS', 'SET_PRIORITY', 'SET_LABELS', 'SET_LEAD_STATUS'],
  chatvolt: ['SEND_MESSAGE', 'ASSIGN', 'SET_STATUS', 'SET_PRIORITY', 'SET_AI_ENABLED', 'MOVE_TO_SCENARIO_STEP'],
  voiceglow: ['ASSIGN', 'SET_STATUS', 'SET_AI_ENABLED', 'SET_LABELS'],
  iron: ['SEND_MESSAGE', 'SEND_ATTACHMENTS', 'MARK_READ', 'MARK_UNREAD', 'STAR', 'ARCHIVE', 'ASSIGN', 'SEND_SUGGESTION', 'DISMISS_SUGGESTION'],
};

describe('capability matrix', () => {
  it.each(SOURCE_TYPES)('%s: capabilities are exactly the actions its platform module implements', (type) => {
    const implemented = Object.keys(PLATFORMS[type].actions).sort();
    expect([...capabilitiesOf(type)].sort()).toEqual(implemented);
    expect(implemented).toEqual([...EXPECTED[type]!].sort());
    for (const action of implemented) {
      expect(supports(type, action as InboxAction)).toBe(true);
      const spec = (PLATFORMS[type].actions as Record<string, { endpoint: string; run: unknown }>)[action]!;
      expect(spec.endpoint.length).toBeGreaterThan(0);
      expect(typeof spec.run).toBe('function');
    }
  });

  it("README.md's capability table is the one derived from the platform modules (npm run capabilities)", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf(README_TABLE_START);
    const end = readme.indexOf(README_TABLE_END);
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start + README_TABLE_START.length, end).trim()).toBe(capabilityTable());
  });
});
