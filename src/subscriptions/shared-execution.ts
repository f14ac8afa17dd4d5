import { execute, GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { InboxEvent } from '../events/event.js';
import { executionGroupKey } from './group-key.js';

/** One event's result for a subscriber, serialized once for everyone it is shared with. */
export interface Frame {
  /** The `payload` of graphql-ws' `next` message, as JSON. */
  payload: string;
  /** The result's errors (unformatted), for the subscriber's log line; null when none. */
  errors: readonly GraphQLError[] | null;
}

/** A subscriber as its execution group knows it: whose context an execution may use. */
export interface GroupMember {
  readonly context: GatewayContext;
}

/** Context members that say nothing about who the viewer is: reading them keeps a result shareable. */
const VIEWER_NEUTRAL = new Set<PropertyKey>(['limits', 'live']);

/** The newest event a group resolved: shared, or per viewer when the execution read the viewer. */
interface EventResults {
  cursor: string;
  /** Set once the first execution has finished: its result when it read nothing of the viewer. */
  shared: Frame | null;
  decided: boolean;
  /** The first execution, while it runs. */
  first: Promise<void> | null;
  /**
   * While the first execution runs: each viewer's frame once it has finished (one promise per
   * viewer, not one per member: 10,000 subscribers waiting on an event held 10,000 promises).
   */
  afterFirst: Map<string, Promise<Frame>> | null;
  perViewer: Map<string, Frame | Promise<Frame>>;
}

type Format = (errors: readonly GraphQLError[]) => GraphQLFormattedError[];
type RunIn = <T>(context: object, fn: () => T) => T;

/**
 * Subscribers of one tenant whose document, operation and variables are the same: an event is
 * executed once for all of them and serialized once. Whether a result may go to every member or
 * only to members with the same viewer is decided per event, by watching the execution: the
 * context it runs with records any read of a viewer-specific member (`viewer`, `sources`, …).
 * A result that read none is a function of the event and the document alone, and is shared across
 * the tenant's users; one that read any is kept for that viewer, and each other viewer in the group
 * gets an execution of its own (members with the same viewer share it). Groups never span tenants:
 * the tenant is part of the key.
 */
export class ExecutionGroup {
  private readonly members = new Set<GroupMember>();
  private latest: EventResults | null = null;
  /** Executions of this group run one at a time (a member's context is reset for each). */
  private tail: Promise<unknown> | null = null;
  /** Executions run, for tests and metrics. */
  executions = 0;

  constructor(
    private readonly args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName' | 'variableValues'>,
    private readonly format: Format,
    private readonly onEmpty: () => void,
    private readonly runIn: RunIn = (_context, fn) => fn(),
  ) {}

  join(member: GroupMember): void {
    this.members.add(member);
  }

  leave(member: GroupMember): void {
    this.members.delete(member);
    if (this.members.size === 0) {
      this.latest = null;
      this.onEmpty();
    }
  }

  get size(): number {
    return this.members.size;
  }

  /** `event`'s frame for `member`: synchronous when the execution was (no platform call). */
  frameFor(event: InboxEvent, member: GroupMember): Frame | Promise<Frame> {
    let results = this.latest;
    if (results?.cursor !== event.cursor) this.latest = results = { cursor: event.cursor, shared: null, decided: false, first: null, afterFirst: null, perViewer: new Map() };
    return this.resolveFor(results, event, member);
  }

  private resolveFor(results: EventResults, event: InboxEvent, member: GroupMember): Frame | Promise<Frame> {
    if (results.shared) return results.shared;
    const viewer = member.context.viewer.sub;
    const own = results.perViewer.get(viewer);
    if (own) return own;
    if (!results.decided) {
      if (results.first) {
        // Members with the same viewer resolve alike (shared, or that viewer's own frame): the
        // first of them asks, the others get its answer.
        results.afterFirst ??= new Map();
        let after = results.afterFirst.get(viewer);
        if (!after) results.afterFirst.set(viewer, (after = results.first.then(() => this.resolveFor(results, event, member))));
        return after;
      }
      // The first execution decides whether this event's result is shared.
      const outcome = this.execute(event, member, true);
      const settle = ({ frame, readViewer }: { frame: Frame; readViewer: boolean }) => {
        results.decided = true;
        results.first = null;
        results.afterFirst = null;
        if (readViewer) results.perViewer.set(viewer, frame);
        else results.shared = frame;
        return frame;
      };
      if (!(outcome instanceof Promise)) return settle(outcome);
      const frame = outcome.then(settle);
      results.first = frame.then(() => undefined);
      return frame;
    }
    const outcome = this.execute(event, member, false);
    const frame = outcome instanceof Promise ? outcome.then(({ frame: f }) => f) : outcome.frame;
    results.perViewer.set(viewer, frame);
    return frame;
  }

  /** Runs the document against `event` with `member`'s context (after any execution still running). */
  private execute(event: InboxEvent, member: GroupMember, watch: boolean): { frame: Frame; readViewer: boolean } | Promise<{ frame: Frame; readViewer: boolean }> {
    const run = () => {
      this.executions++;
      // A subscription lives for hours: each event is resolved with fresh connectors and loaders.
      member.context.sources.reset();
      const watched = watch ? watchViewer(member.context) : { context: member.context, readViewer: () => true };
      const done = (r: ExecutionResult) => ({ frame: this.serialize(r), readViewer: watched.readViewer() });
      // execute() reports resolver failures in the result; anything it throws becomes one too.
      const failed = (error: unknown) => done({ errors: [error instanceof GraphQLError ? error : new GraphQLError('internal error', { originalError: error as Error })] });
      try {
        const result = this.runIn(member.context, () => execute({ ...this.args, rootValue: event, contextValue: watched.context }));
        return result instanceof Promise ? result.then(done, failed) : done(result);
      } catch (error) {
        return failed(error);
      }
    };
    if (!this.tail) {
      const outcome = run();
      if (outcome instanceof Promise) this.chain(outcome);
      return outcome;
    }
    const outcome = this.tail.then(run);
    this.chain(outcome);
    return outcome;
  }

  private chain(work: Promise<unknown>): void {
    const tail = work
      .catch(() => undefined)
      .then(() => {
        if (this.tail === tail) this.tail = null;
      });
    this.tail = tail;
  }

  private serialize(result: ExecutionResult): Frame {
    const errors = result.errors?.length ? result.errors : null;
    // Errors are masked by the pipeline's formatter (as graphql-ws' onNext did for each subscriber).
    const payload = errors ? { ...result, errors: this.format(errors) } : result;
    return { payload: JSON.stringify(payload), errors };
  }
}

/** The context an execution runs with, recording whether it read anything of the viewer. */
function watchViewer(context: GatewayContext): { context: GatewayContext; readViewer: () => boolean } {
  let read = false;
  const watched = new Proxy(context, {
    get(target, property, receiver) {
      if (!VIEWER_NEUTRAL.has(property)) read = true;
      return Reflect.get(target, property, receiver) as unknown;
    },
    has(target, property) {
      read = true;
      return Reflect.has(target, property);
    },
    ownKeys(target) {
      read = true;
      return Reflect.ownKeys(target);
    },
  });
  return { context: watched, readViewer: () => read };
}

/** The execution groups of one process, by tenant, document, operation and variables. */
export class ExecutionGroups {
  private readonly groups = new Map<string, ExecutionGroup>();

  constructor(
    private readonly format: Format,
    private readonly runIn?: RunIn,
  ) {}

  groupFor(tenant: string, args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName' | 'variableValues'>): ExecutionGroup {
    const key = executionGroupKey(tenant, args);
    let group = this.groups.get(key);
    if (!group) {
      const created = new ExecutionGroup(
        args,
        this.format,
        () => {
          if (this.groups.get(key) === created) this.groups.delete(key);
        },
        this.runIn,
      );
      this.groups.set(key, (group = created));
    }
    return group;
  }

  get size(): number {
    return this.groups.size;
  }
}
