import type { GatewayContext } from '../context.js';
import type { SourceActionArguments, SourceActionResults } from '../datasources/actions.js';
import { platformOfType } from '../datasources/index.js';
import { UserError } from '../errors.js';
import type { SourceAction } from '../generated/graphql.js';
import type { SourceRef } from '../model/index.js';

/** Ends the mutation without any platform call when the platform lacks the source action. */
export function requireSourceCapability(ref: SourceRef, action: SourceAction): void {
  if (!platformOfType(ref.type).sourceActions?.[action]) throw new UserError('UNSUPPORTED_BY_SOURCE', `${ref.type} does not support ${action}`);
}

/** The platform's own check of the input (before any call); nothing when it has none. */
export function checkSourceAction<A extends SourceAction>(ref: SourceRef, action: A, ...args: SourceActionArguments[A]): void {
  requireSourceCapability(ref, action);
  const spec = platformOfType(ref.type).sourceActions?.[action] as unknown as { check?(...args: SourceActionArguments[A]): void };
  spec.check?.(...args);
}

/**
 * Runs one of the platform's source actions (UNSUPPORTED_BY_SOURCE when it has none: no call is
 * made). The one road from a source mutation to a platform's write side.
 */
export function runSourceAction<A extends SourceAction>(ctx: GatewayContext, ref: SourceRef, action: A, ...args: SourceActionArguments[A]): Promise<SourceActionResults[A]> {
  requireSourceCapability(ref, action);
  // The table's key is the action itself, so this entry runs exactly this action.
  const spec = platformOfType(ref.type).sourceActions![action] as unknown as {
    run(connector: unknown, ...args: SourceActionArguments[A]): Promise<SourceActionResults[A]>;
  };
  return spec.run(ctx.sources.connector(ref.key), ...args);
}
