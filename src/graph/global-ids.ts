import { encodeId } from '../ids.js';
import type { SourceType } from '../model/index.js';
import type { Source } from '../generated/graphql.js';

/** The graph's Source enum value of a platform type. */
export function sourceEnum(type: SourceType): Source {
  return type.toUpperCase() as Source;
}

export function sourceTypeOf(source: Source): SourceType {
  return source.toLowerCase() as SourceType;
}

/**
 * Objects reached through a conversation (lead, task, funnel card…) remember it, so their global
 * ids can name it and `node(id)` can find them again. Weak: nothing outlives its request.
 */
const owners = new WeakMap<object, string>();

export function ownedBy<T extends object>(value: T, conversationUpstreamId: string): T {
  owners.set(value, conversationUpstreamId);
  return value;
}

export function ownerOf(value: object): string | undefined {
  return owners.get(value);
}

export { encodeId };
