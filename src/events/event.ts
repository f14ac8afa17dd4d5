import type { ConversationModel, MessageModel, SourceType, SuggestionModel } from '../model/index.js';

export const EVENT_TYPES = ['messageAdded', 'suggestionAdded', 'conversationUpdated'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One change in a tenant's inbox, whichever way it arrived (webhook, poll, our own mutation). */
export interface InboxEventInput {
  tenant: string;
  type: EventType;
  sourceKey: string;
  sourceType: SourceType;
  conversationUpstreamId: string;
  /**
   * What makes two arrivals the same event: the same upstream message seen by webhook, by poll
   * and by our mutation has one key, so it is published once.
   */
  dedupeKey: string;
  /**
   * For state events (conversationUpdated): publish only when this differs from the last state
   * published for `dedupeKey`, so one change seen by webhook, poll and mutation is one event,
   * while a conversation returning to an earlier state (star, unstar, star) is still announced.
   */
  state?: string;
  message?: MessageModel;
  suggestion?: SuggestionModel;
  conversation?: ConversationModel;
}

export interface InboxEvent extends InboxEventInput {
  /** Position in the tenant's event log: later events have later cursors. Opaque to clients. */
  cursor: string;
}

/** `since` names a position the log no longer holds: the client must refetch, then subscribe anew. */
export class CursorTooOldError extends Error {
  constructor() {
    super('`since` is older than the event log keeps: refetch the screen, then subscribe without `since`');
    this.name = 'CursorTooOldError';
  }
}

export class BadCursorError extends Error {
  constructor() {
    super('`since` is not a cursor of this event log');
    this.name = 'BadCursorError';
  }
}

/** The bus cannot be reached (Redis is away): nothing was published or subscribed; try again later. */
export class EventBusUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('live events are unavailable right now (the event bus cannot be reached): retry shortly', { cause });
    this.name = 'EventBusUnavailableError';
  }
}
