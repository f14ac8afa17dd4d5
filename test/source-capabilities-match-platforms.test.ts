import { isEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { capabilityTable, sourceCapabilitiesOf, supportsSourceAction } from '../src/capabilities.js';
import { PLATFORMS } from '../src/datasources/index.js';
import type { SourceAction } from '../src/generated/graphql.js';
import { buildSchema } from '../src/graph/schema.js';
import { SOURCE_TYPES, type SourceType } from '../src/model/index.js';

/**
 * Source actions (startConversation, saveInboxViews) are capabilities of the platform modules like
 * the conversation actions: `ConfiguredSource.capabilities`, the README's table and the schema's
 * descriptions all follow each platform's `sourceActions`.
 */

const EXPECTED: Record<SourceType, SourceAction[]> = {
  voxys: ['START_CONVERSATION'],
  chatvolt: [],
  voiceglow: [],
  iron: ['START_CONVERSATION', 'SAVE_INBOX_VIEWS'],
};
const NAMES: Record<SourceType, string> = { voxys: 'Voxys', chatvolt: 'Chatvolt', voiceglow: 'VoiceGlow', iron: 'Iron' };

describe('source capabilities', () => {
  it.each(SOURCE_TYPES)('%s: exactly the source actions its platform module implements, each with an endpoint', (type) => {
    expect(sourceCapabilitiesOf(type)).toEqual(EXPECTED[type]);
    for (const action of EXPECTED[type]) {
      const spec = PLATFORMS[type].sourceActions![action]!;
      expect(spec.endpoint.length).toBeGreaterThan(0);
      expect(typeof spec.run).toBe('function');
    }
  });

  it("each SourceAction's description names exactly the platforms that lack it", () => {
    const type = buildSchema().getType('SourceAction');
    if (!isEnumType(type)) throw new Error('SourceAction is not an enum');
    for (const value of type.getValues()) {
      const lacking = SOURCE_TYPES.filter((t) => !supportsSourceAction(t, value.name as SourceAction)).map((t) => NAMES[t]);
      const said = /Not supported on ([^.]+)\./.exec(value.description ?? '')?.[1]?.split(/,\s*|\s+and\s+/) ?? [];
      expect(said.sort(), value.name).toEqual(lacking.sort());
    }
  });

  it('the capability table has a row per source action', () => {
    const table = capabilityTable();
    expect(table).toContain('| `START_CONVERSATION` | `POST /conversations {contact_id, inbox_id, message}` | — | — | `POST /contacts/:contactId/conversations` |');
    expect(table).toContain('| `SAVE_INBOX_VIEWS` | — | — | — | `PUT /conversations/views` |');
  });
});
