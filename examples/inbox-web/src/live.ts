import type { Client } from '@urql/core';
import type { Client as WsClient } from 'graphql-ws';
import {
  ConversationUpdatedDocument,
  MessageAddedDocument,
  SuggestionAddedDocument,
  type ConversationUpdatedSubscription,
  type MessageAddedSubscription,
  type SuggestionAddedSubscription,
} from './documents.js';

export interface LiveHandlers {
  message(event: MessageAddedSubscription['messageAdded']): void;
  suggestion(event: SuggestionAddedSubscription['suggestionAdded']): void;
  conversation(event: ConversationUpdatedSubscription['conversationUpdated']): void;
  status(text: string, ok: boolean): void;
}

/**
 * The live inbox: three subscriptions over graphql-ws. Each keeps the newest `cursor` it saw; after
 * a reconnect they are opened again with `since: cursor`, so what happened meanwhile is replayed
 * (graphql-ws alone would re-send the first variables). A refused socket (4403: bad or expired
 * token) is shown, not retried silently.
 */
export function startLive(client: Client, ws: WsClient, on: LiveHandlers): () => void {
  // The newest cursor each stream delivered.
  const since: { message?: string; suggestion?: string; conversation?: string } = {};
  const vars = (cursor: string | undefined) => (cursor ? { since: cursor } : {});
  let stops: (() => void)[] = [];
  const open = () => {
    for (const stop of stops) stop();
    stops = [
      client.subscription(MessageAddedDocument, vars(since.message)).subscribe(({ data }) => {
        if (!data) return;
        since.message = data.messageAdded.cursor;
        on.message(data.messageAdded);
      }).unsubscribe,
      client.subscription(SuggestionAddedDocument, vars(since.suggestion)).subscribe(({ data }) => {
        if (!data) return;
        since.suggestion = data.suggestionAdded.cursor;
        on.suggestion(data.suggestionAdded);
      }).unsubscribe,
      client.subscription(ConversationUpdatedDocument, vars(since.conversation)).subscribe(({ data }) => {
        if (!data) return;
        since.conversation = data.conversationUpdated.cursor;
        on.conversation(data.conversationUpdated);
      }).unsubscribe,
    ];
  };
  let connections = 0;
  const offConnected = ws.on('connected', () => {
    on.status('live', true);
    if (connections++ > 0) open(); // a reconnect: resume from the newest cursor
  });
  const offClosed = ws.on('closed', (event) => {
    const code = (event as CloseEvent).code;
    on.status(code === 4403 ? 'live updates refused (4403): check the token' : 'reconnecting…', false);
  });
  open();
  return () => {
    offConnected();
    offClosed();
    for (const stop of stops) stop();
  };
}
