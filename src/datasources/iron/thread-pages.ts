import DataLoader from 'dataloader';
import { gqlError, UpstreamError } from '../../errors.js';
import type { MessagePageArgs } from '../../model/index.js';
import { asError, mapWithConcurrency } from '../shared/index.js';
import type { IronApi } from './api.js';
import { messageWindow, readMessageWindow, type ActivityWindow } from './message-window.js';
import type { IronActivityJson, IronActivityPageJson } from './schemas.js';
import { walkThread } from './thread.js';

/** A thread's pages as one request reads them (messages, last message and suggestions share them). */
export class IronThreadPages {
  /**
   * The newest page of a thread, where lastMessage, messages and suggestions start: an inbox page
   * asks it for every row at once, so the reads of one tick are gathered and run at most the
   * source's `concurrency` at a time. Not cached here (the request memo de-duplicates the calls,
   * and a write drops it); one failing thread fails only its own read.
   */
  private readonly heads: DataLoader<string, IronActivityPageJson>;

  constructor(
    private readonly api: IronApi,
    concurrency: number,
  ) {
    this.heads = new DataLoader((ids) => mapWithConcurrency(ids, concurrency, (id) => this.api.activities(id, null).catch(asError)), { cache: false });
  }

  /** The activities a `messages` page asks for (message-window.ts). */
  window(conversationId: string, args: MessagePageArgs): Promise<ActivityWindow> {
    return readMessageWindow(messageWindow(args), (before) => this.page(conversationId, before, before !== null));
  }

  /** Walks the thread newest first from its newest activity until `visit` returns true. */
  walk(conversationId: string, visit: (activity: IronActivityJson) => boolean): Promise<boolean> {
    return walkThread((before) => this.page(conversationId, before, false), null, visit);
  }

  /** One page of a thread; a `before` the client gave us that Iron rejects is the client's mistake. */
  async page(conversationId: string, before: string | null, clientCursor: boolean): Promise<IronActivityPageJson> {
    if (before === null) return this.heads.load(conversationId);
    try {
      return await this.api.activities(conversationId, before);
    } catch (error) {
      if (clientCursor && error instanceof UpstreamError && (error.status === 400 || error.status === 422)) {
        throw gqlError('BAD_USER_INPUT', 'not a message cursor of this conversation');
      }
      throw error;
    }
  }
}
