import { changeAt, type ChangeSink } from '../events/change.js';
import { EMPTY_FILTER } from '../inbox/filter.js';
import type { Logger } from '../logger.js';
import type { ConversationModel } from '../model/index.js';
import type { RequestSources, TenantRuntime } from '../runtime/sources.js';
import type { PollCoordination } from './lease.js';

/** Iron pushes nothing: it is always polled, this often unless configured. */
export const DEFAULT_IRON_POLL_MS = 5_000;

export interface SourcePollerOptions {
  tenant: TenantRuntime;
  sourceKey: string;
  intervalMs: number;
  /** The gateway's own view of a tenant's sources (no user): what the poller reads. */
  sourcesFor: (tenantId: string) => RequestSources;
  /** Where the changes it finds go (the ChangePublisher). */
  publisher: ChangeSink;
  logger: Logger;
  /**
   * With several instances, only the holder of this lease polls (the others would only find the
   * same changes again), resuming from the last holder's watermark. Absent: this instance always polls.
   */
  shared?: PollCoordination | undefined;
}

/**
 * Finds changes on a platform that pushes none (or whose webhooks are off): each tick reads the
 * newest page of the inbox (one call), and only for conversations whose activity moved past the
 * watermark reads their newest messages and drafts. The first tick only sets the watermark.
 * Everything found goes through the publisher, which de-duplicates against webhooks and mutations.
 * The watermark (and the snapshots of the newest page) advance only once everything found was
 * published: when the bus cannot append (Redis away), the publisher throws, this poll ends, and the
 * next one finds the same changes again, so an outage delays events but loses none.
 */
export class SourcePoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private watermark: number | null = null;
  /** Whether this instance held the lease at its last poll (always, without `shared`). */
  private holding = false;
  private snapshots = new Map<string, string>();

  readonly tenant: TenantRuntime;
  readonly sourceKey: string;
  readonly intervalMs: number;
  private readonly sourcesFor: (tenantId: string) => RequestSources;
  private readonly publisher: ChangeSink;
  private readonly logger: Logger;
  private readonly shared: PollCoordination | undefined;

  constructor(options: SourcePollerOptions) {
    ({
      tenant: this.tenant,
      sourceKey: this.sourceKey,
      intervalMs: this.intervalMs,
      sourcesFor: this.sourcesFor,
      publisher: this.publisher,
      logger: this.logger,
      shared: this.shared,
    } = options);
  }

  private get name(): string {
    return `${this.tenant.id}:${this.sourceKey}`;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One poll (also called directly by tests). Overlapping ticks are skipped. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.poll()
      .catch((error: unknown) => this.logger.warn({ tenant: this.tenant.id, source: this.sourceKey, err: (error as Error).message }, 'poll failed'))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async poll(): Promise<void> {
    if (this.shared) {
      if (!(await this.shared.lease(this.name, this.intervalMs * 3))) {
        // Another instance polls; if it dies, its lease lapses and one of us takes over.
        this.holding = false;
        return;
      }
      // Taking over: resume from the last holder's watermark. If Redis lost it (a restart without
      // persistence), our own last watermark still marks what we published.
      if (!this.holding) this.watermark = (await this.shared.watermark(this.name)) ?? this.watermark;
      this.holding = true;
    }
    const sources = this.sourcesFor(this.tenant.id);
    const origin = { tenant: this.tenant.id, sourceKey: this.sourceKey };
    // Read the list fresh, whatever the cache holds.
    await sources.refreshLists(this.sourceKey);
    const connector = sources.connector(this.sourceKey);
    const page = await connector.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 25 });
    const rows = await Promise.all(page.items.map((row) => connector.hydrate(row)));
    const newest = rows.reduce((max, c) => Math.max(max, c.lastActivityAt.getTime()), this.watermark ?? 0);
    // Only the newest page is watched: rows that left it are forgotten.
    const snapshots = new Map(rows.map((row) => [row.upstreamId, snapshot(row)]));
    if (this.watermark === null) {
      this.snapshots = snapshots;
      this.watermark = newest;
      await this.shared?.watermark(this.name, newest);
      return;
    }
    const since = this.watermark;
    const previous = this.snapshots;
    for (const row of rows) {
      const before = previous.get(row.upstreamId);
      const now = snapshots.get(row.upstreamId);
      if (row.lastActivityAt.getTime() > since) {
        // The row moved: what the cache holds of its thread (a screen read it a moment ago) predates the change.
        await sources.afterWrite(this.sourceKey, row.upstreamId);
        const reader = sources.connector(this.sourceKey);
        const conversation = await reader.conversation(row.upstreamId);
        if (!conversation) continue;
        const messages = await reader.messages(conversation, { last: 20 });
        for (const message of messages.items.filter((m) => m.createdAt.getTime() > since)) {
          await this.publisher.publish(changeAt(origin, { kind: 'message', conversationUpstreamId: row.upstreamId, messageUpstreamId: message.upstreamId, message }));
        }
        for (const suggestion of ((await reader.suggestions?.(conversation)) ?? []).filter((s) => s.createdAt.getTime() > since)) {
          await this.publisher.publish(changeAt(origin, { kind: 'suggestion', conversationUpstreamId: row.upstreamId, suggestionUpstreamId: suggestion.upstreamId, suggestion }));
        }
        await this.publisher.publish(changeAt(origin, { kind: 'conversation', conversationUpstreamId: row.upstreamId }));
      } else if (before !== undefined && before !== now) {
        await this.publisher.publish(changeAt(origin, { kind: 'conversation', conversationUpstreamId: row.upstreamId }));
      }
    }
    // Everything found was published (a failure above threw past this): now the poll counts.
    this.snapshots = snapshots;
    this.watermark = newest;
    await this.shared?.watermark(this.name, newest);
  }
}

function snapshot(c: ConversationModel): string {
  return JSON.stringify([c.status, c.priority, c.assignee?.upstreamId ?? null, c.unreadCount, c.starred, c.archived, c.labels, c.aiEnabled, c.lastActivityAt.getTime()]);
}
