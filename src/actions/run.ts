import type { GatewayContext } from '../context.js';
import type { ActionArguments, ActionResult } from '../datasources/actions.js';
import { platformOfType } from '../datasources/index.js';
import { UserError } from '../errors.js';
import type { InboxAction } from '../generated/graphql.js';
import type { ConversationModel, SourceRef } from '../model/index.js';

/** Ends the mutation without any platform call when the platform lacks the action. */
export function requireCapability(ref: SourceRef, action: InboxAction): void {
  if (!platformOfType(ref.type).actions[action]) throw new UserError('UNSUPPORTED_BY_SOURCE', `${ref.type} does not support ${action}`);
}

/**
 * Runs one of the platform's actions on a conversation (UNSUPPORTED_BY_SOURCE when it has none:
 * no call is made). The one road from a mutation to a platform's write side.
 */
export function runPlatformAction<A extends InboxAction>(
  ctx: GatewayContext,
  ref: SourceRef,
  action: A,
  conversation: ConversationModel,
  ...args: ActionArguments[A]
): Promise<ActionResult<A>> {
  requireCapability(ref, action);
  // The table's key is the action itself, so this entry runs exactly this action.
  const spec = platformOfType(ref.type).actions[action] as unknown as {
    run(connector: unknown, conversation: ConversationModel, ...args: ActionArguments[A]): Promise<ActionResult<A>>;
  };
  return spec.run(ctx.sources.connector(ref.key), conversation, ...args);
}
