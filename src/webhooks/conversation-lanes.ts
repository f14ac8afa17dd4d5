/**
 * Work queued per key (a tenant's source and conversation), run one after another per key and
 * concurrently across keys: a conversation's changes are published in the order they were received
 * (its messageAdded events keep their order) while one conversation's slow platform read never
 * holds up another's. A key is forgotten once its last task has run.
 */
export class ConversationLanes {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after the tasks queued before it under `key`; resolves when it has run (never rejects). */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(task).catch(() => undefined);
    this.tails.set(key, next);
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
