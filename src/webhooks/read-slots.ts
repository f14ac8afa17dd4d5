import type { InboxChange } from '../events/change.js';

/** How one change reads its conversation: through a slot of its own, or another change's read. */
export interface ReadTicket {
  /** Runs the change's fresh read, or hands it the read it shares. */
  read<T>(fresh: () => Promise<T>): Promise<T>;
  /** Frees the slot (if it held one); call once the change is published or given up. */
  release(): void;
}

/** The read a change shares with later ones, once it is under way. */
class SharedRead {
  private settle!: (outcome: { read: Promise<unknown> } | null) => void;
  /** The leader's read (in a box, so a failed read is not adopted here), or null when it read nothing. */
  readonly outcome = new Promise<{ read: Promise<unknown> } | null>((resolve) => (this.settle = resolve));

  lead<T>(fresh: () => Promise<T>): Promise<T> {
    const read = fresh();
    this.settle({ read });
    return read;
  }

  /** The leader is done: if it never read (an unknown source), its followers read for themselves. */
  done(): void {
    this.settle(null);
  }
}

/**
 * Platform reads of webhook changes: at most `limit` at once (a burst waits here rather than
 * overflowing the source's bulkhead, where a refused read would lose the change), slots taken in
 * arrival order. A change that has to wait may share the read of an earlier change of the same
 * conversation that is waiting too: that read starts after both arrived, so it is as fresh for
 * the later one as a read of its own (a change never joins a read already under way). When the
 * platform cannot keep up, changes of a busy conversation cost one read per slot, not one each,
 * so reads no longer fall further and further behind the webhooks. Only a change whose events
 * need nothing more than the conversation (its message or draft came with the webhook) shares:
 * it holds no slot, so it must make no call of its own.
 */
export class ChangeReadSlots {
  private reading = 0;
  private readonly waiting: (() => void)[] = [];
  /** Reads of changes still waiting for their slot, by conversation. */
  private readonly unstarted = new Map<string, SharedRead>();

  constructor(private readonly limit: number) {}

  async take(change: InboxChange): Promise<ReadTicket> {
    const key = conversationKey(change);
    const shared = needsOnlyTheConversation(change) ? this.unstarted.get(key) : undefined;
    if (shared) {
      return {
        read: async <T>(fresh: () => Promise<T>) => {
          const outcome = await shared.outcome;
          return outcome ? (outcome.read as Promise<T>) : fresh();
        },
        release: () => undefined,
      };
    }
    if (this.reading < this.limit) {
      this.reading++;
      return { read: (fresh) => fresh(), release: () => this.release() };
    }
    // Later changes of this conversation may share this one's read until it starts (a later change
    // that needs reads of its own leads the ones after it: its read starts later still).
    const lead = new SharedRead();
    this.unstarted.set(key, lead);
    await new Promise<void>((resolve) => this.waiting.push(resolve)); // handed a slot
    if (this.unstarted.get(key) === lead) this.unstarted.delete(key);
    return {
      read: (fresh) => lead.lead(fresh),
      release: () => {
        lead.done();
        this.release();
      },
    };
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.reading--;
  }
}

function conversationKey(change: InboxChange): string {
  return `${change.tenant}\u0000${change.sourceKey}\u0000${change.conversationUpstreamId}`;
}

/** True when the change's events need no read but the conversation's (its message or draft came with it). */
function needsOnlyTheConversation(change: InboxChange): boolean {
  return !((change.kind === 'message' && change.message === null) || (change.kind === 'suggestion' && change.suggestion === null));
}
