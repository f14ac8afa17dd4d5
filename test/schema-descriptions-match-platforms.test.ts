import { isEnumType, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { supports } from '../src/capabilities.js';
import type { InboxAction } from '../src/generated/graphql.js';
import { buildSchema } from '../src/graph/schema.js';
import { SOURCE_TYPES, type SourceType } from '../src/model/index.js';

/** How the descriptions name each platform. */
const PLATFORM_NAMES: Record<SourceType, string> = { voxys: 'Voxys', chatvolt: 'Chatvolt', voiceglow: 'VoiceGlow', iron: 'Iron' };
const NAMED_PLATFORM = new Map(SOURCE_TYPES.map((type) => [PLATFORM_NAMES[type], type]));

const schema = buildSchema();

function enumType(name: string): GraphQLEnumType {
  const type = schema.getType(name);
  if (!isEnumType(type)) throw new Error(`${name} is not an enum of the schema`);
  return type;
}

/**
 * The platforms an InboxAction's description says lack it: the one sentence "Not supported on A, B
 * and C." (or "Supported on every platform" for none). Anything else is a malformed description.
 */
function platformsSaidToLack(description: string): SourceType[] {
  const lacking = [...description.matchAll(/Not supported on ([^.(]+?)\s*[.(]/g)];
  const everywhere = /Supported on every platform/.test(description);
  if (lacking.length + (everywhere ? 1 : 0) !== 1) throw new Error(`expected one "Not supported on …." or "Supported on every platform" in: ${description}`);
  if (everywhere) return [];
  return lacking[0]![1]!.split(/,\s*|\s+and\s+/).map((name) => {
    const type = NAMED_PLATFORM.get(name.trim());
    if (!type) throw new Error(`"${name}" is not a platform name (${[...NAMED_PLATFORM.keys()].join(', ')}) in: ${description}`);
    return type;
  });
}

describe('schema descriptions match the platforms', () => {
  it('each InboxAction names exactly the platforms whose action table lacks it', () => {
    const values = enumType('InboxAction').getValues();
    expect(values.length).toBeGreaterThan(0);
    const said = Object.fromEntries(values.map((value) => [value.name, platformsSaidToLack(value.description ?? '').sort()]));
    const actual = Object.fromEntries(values.map((value) => [value.name, SOURCE_TYPES.filter((type) => !supports(type, value.name as InboxAction)).sort()]));
    expect(said).toEqual(actual);
  });

  it.each(['ConversationStatus', 'ConversationPriority'])('every %s value says how each platform maps to it', (name) => {
    const unmapped = enumType(name)
      .getValues()
      .flatMap((value) => SOURCE_TYPES.filter((type) => !value.description?.includes(PLATFORM_NAMES[type])).map((type) => `${value.name}: ${PLATFORM_NAMES[type]}`));
    expect(unmapped).toEqual([]);
  });
});
