import type { SenderModel } from './people.js';
import type { SourceRef } from './source.js';

export type MessageDirection = 'INBOUND' | 'OUTBOUND';
export type MessageKind = 'TEXT' | 'EMAIL' | 'SMS' | 'CALL' | 'NOTE' | 'ACTIVITY';

export interface AttachmentModel {
  url: string;
  name: string | null;
  contentType: string | null;
}

export interface MessageModel {
  ref: SourceRef;
  conversationUpstreamId: string;
  upstreamId: string;
  /**
   * Opaque to everyone but the connector that made it: where this message sits in its thread,
   * so `before`/`after` paging can resume from it (a message id, an offset from the end, …).
   */
  cursor: string;
  content: string | null;
  direction: MessageDirection;
  kind: MessageKind;
  private: boolean;
  sender: SenderModel | null;
  createdAt: Date;
  attachments: AttachmentModel[];
  /** AI summary of a call (Iron), null for other kinds. */
  callSummary: string | null;
}

/** A slice of one thread, oldest first. */
export interface MessagePage {
  items: MessageModel[];
  hasOlder: boolean;
  hasNewer: boolean;
}

/** `first/after` reads newer messages, `last/before` older ones; with neither cursor, `last` reads the newest. */
export interface MessagePageArgs {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
}
