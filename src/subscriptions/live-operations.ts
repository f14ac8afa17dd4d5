import { createSourceEventStream, GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { WebSocket } from 'ws';
import type { GatewayContext } from '../context.js';
import { LiveSubscription } from './live-subscription.js';
import { ExecutionGroups } from './shared-execution.js';
import { SocketOutbox } from './socket-outbox.js';

/** Where a subscription's frames go: its socket and id, and its log line for errors. */
export interface DeliveryTarget {
  socket: WebSocket;
  id: string;
  onErrors(errors: readonly GraphQLError[]): void;
}

/**
 * graphql-ws' `subscribe` for this gateway: the field's `subscribe` resolver opens a
 * LiveSubscription (filter, replay, index); instead of executing each event for this subscriber,
 * the subscription joins the execution group of its tenant, document and variables (one execution
 * and one serialized payload per event for the whole group) and its socket's outbox (backpressure).
 * graphql-ws keeps the operation's bookkeeping: it iterates the subscription (which yields nothing)
 * and ends it on `complete` or when the socket closes.
 */
export class LiveOperations {
  private readonly groups: ExecutionGroups;
  private readonly targets = new WeakMap<object, DeliveryTarget>();

  constructor(options: {
    format: (errors: readonly GraphQLError[]) => GraphQLFormattedError[];
    /** Runs an execution in the operation's trace span (when tracing is on). */
    runIn?: <T>(context: object, fn: () => T) => T;
  }) {
    this.groups = new ExecutionGroups(options.format, options.runIn);
  }

  /** Execution groups alive (tests: identical operations share one). */
  get groupCount(): number {
    return this.groups.size;
  }

  /** Registers where the operation with this context delivers (called by onSubscribe). */
  deliverTo(contextValue: object, target: DeliveryTarget): void {
    this.targets.set(contextValue, target);
  }

  async subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<never> | ExecutionResult> {
    const stream = await createSourceEventStream(args);
    if (!(stream instanceof LiveSubscription)) {
      if (!isAsyncIterable(stream)) return stream; // the resolver's errors (CURSOR_TOO_OLD, …)
      await stream[Symbol.asyncIterator]().return?.();
      return { errors: [new GraphQLError('this subscription field is not served live')] };
    }
    const context = args.contextValue as GatewayContext;
    const target = this.targets.get(context);
    this.targets.delete(context);
    if (!target || !context.live) {
      stream.close();
      return { errors: [new GraphQLError('subscriptions are served over WebSocket (graphql-transport-ws) on /graphql')] };
    }
    const { metrics } = context.live;
    const limits = context.limits;
    const outbox = SocketOutbox.of(target.socket, {
      highWaterBytes: limits.subscriberBufferBytes,
      queueSize: limits.subscriberQueueSize,
      policy: limits.slowSubscriberPolicy,
      onDropped: (count) => metrics.eventsDropped.inc({ reason: 'slow_consumer' }, count),
    });
    const entry = outbox.add(target.id, target.onErrors);
    entry.onEnd = () => stream.close();
    const group = this.groups.groupFor(stream.tenant, args);
    const member = { context };
    group.join(member);
    stream.whenClosed(() => {
      entry.close();
      group.leave(member);
    });
    // A replay is paced by the socket: its events go out as the outbox drains, not all at once.
    entry.pending = () => stream.backlog;
    entry.onRoom = () => stream.pump();
    stream.attach((event) => entry.push(group.frameFor(event, member)), entry);
    return stream;
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
