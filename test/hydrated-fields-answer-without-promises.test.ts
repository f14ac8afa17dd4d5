import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../src/context.js';
import { hydratedField } from '../src/graph/hydrated.js';
import { Conversation } from '../src/resolvers/conversation.js';
import type { ConversationModel } from '../src/model/index.js';

/**
 * A conversation field its row already has is answered as a plain value (graphql-js completes it
 * at once); only a field the platform's list row deferred waits for the row's document, read once
 * through the connector's `hydrate`. Unit test: the connector is a stand-in counting its calls.
 */
function setup(deferred?: ReadonlySet<string>) {
  const row = { ref: { key: 'vg', type: 'voiceglow' }, upstreamId: 'c1', title: 'listed', assignee: null, botAssignee: null, deferred } as unknown as ConversationModel;
  const complete = { ...row, title: 'from the document', assignee: { kind: 'Agent', upstreamId: 'a1' }, deferred: undefined } as unknown as ConversationModel;
  let hydrations = 0;
  const connector = {
    hydrate: (conversation: ConversationModel) => {
      hydrations++;
      return Promise.resolve(conversation.deferred?.size ? complete : conversation);
    },
  };
  const ctx = { sources: { connector: () => connector } } as unknown as GatewayContext;
  return { row, ctx, hydrations: () => hydrations };
}

type Resolver = (parent: ConversationModel, args: unknown, ctx: GatewayContext, info: unknown) => unknown;
const assignedTo = Conversation.assignedTo as unknown as Resolver;

describe('hydrated conversation fields', () => {
  it('answer a field the row has as a plain value, without reading the document', () => {
    const { row, ctx, hydrations } = setup(new Set(['summary']));
    const title = hydratedField(row, 'title', ctx);
    expect(title).not.toBeInstanceOf(Promise);
    expect(title).toBe('listed');
    expect(assignedTo(row, {}, ctx, undefined)).toBeNull();
    expect(hydrations()).toBe(0);
  });

  it('complete a field the row deferred from its document', async () => {
    const { row, ctx, hydrations } = setup(new Set(['title', 'assignee']));
    const title = hydratedField(row, 'title', ctx);
    expect(title).toBeInstanceOf(Promise);
    expect(await title).toBe('from the document');
    expect(await assignedTo(row, {}, ctx, undefined)).toEqual({ kind: 'Agent', upstreamId: 'a1' });
    expect(hydrations()).toBe(2);
  });
});
