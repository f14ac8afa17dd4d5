import { gqlError } from '../../errors.js';
import type { ContactModel, ConversationModel, MessageModel, MessagePage, MessagePageArgs, SenderModel, SourceRef } from '../../model/index.js';
import { epochToDate } from './mapping.js';
import type { PlacedTurn } from './api.js';
import type { VgTurn } from './schemas.js';

/**
 * The transcript as a thread: its turns mapped to messages (`toMessages`, MAPPING.md, Messages)
 * and the pages cut from it. VoiceGlow exports a whole transcript in one call, so the connector
 * pages it itself. A message's cursor is its position `turnIndex.messageIndex`: transcripts only
 * grow at the end, so positions stay valid, and `before`/`after` compare positions (a cursor whose
 * message is gone still works).
 */

export const DEFAULT_PAGE_SIZE = 20;

interface Position {
  turn: number;
  message: number;
}

export function encodePosition(position: Position): string {
  return `${position.turn}.${position.message}`;
}

export function decodePosition(cursor: string): Position {
  const match = /^(\d+)\.(\d+)$/.exec(cursor);
  if (!match) throw gqlError('BAD_USER_INPUT', 'not a message cursor of this conversation', { argument: 'cursor' });
  return { turn: Number(match[1]), message: Number(match[2]) };
}

function comparePositions(a: Position, b: Position): number {
  return a.turn !== b.turn ? a.turn - b.turn : a.message - b.message;
}

/**
 * Who said it. `human` turns are the end user; `bot` turns the AI, unless `isAIGenerated` is
 * false (or absent while `sentBy` names someone): then a teammate wrote it after a live handoff
 * (`sentBy` names them, ASSUMED); `system` turns (and turns from anyone else) are the platform's
 * notices (handoff requested, teammate joined, chat ended).
 */
function senderOf(ref: SourceRef, turn: VgTurn, contact: ContactModel, agentId: string): SenderModel | null {
  switch (turn.from) {
    case 'human':
      return contact;
    case 'bot':
      // Written by a teammate: said so, or not said but the turn names who sent it.
      if (turn.isAIGenerated === false || (turn.isAIGenerated === null && turn.sentBy !== null)) {
        return turn.sentBy ? { kind: 'Agent', ref, upstreamId: turn.sentBy.userId, name: turn.sentBy.name ?? null, email: turn.sentBy.email ?? null, avatarUrl: null } : null;
      }
      return { kind: 'Bot', ref, upstreamId: agentId, name: null };
    case 'system':
      return null;
  }
}

/**
 * Every readable message of a transcript, oldest first. Messages with neither text nor an image
 * (the session `launch` markers) are left out.
 */
export function toMessages(ref: SourceRef, conversation: ConversationModel, turns: readonly PlacedTurn[], agentId: string): MessageModel[] {
  const contact: ContactModel = conversation.contact ?? {
    kind: 'Contact',
    ref,
    upstreamId: conversation.upstreamId,
    name: null,
    email: null,
    phone: null,
    company: null,
    avatarUrl: null,
  };
  const out: MessageModel[] = [];
  for (const { index: turnIndex, turn, messages } of turns) {
    const sender = senderOf(ref, turn, contact, agentId);
    for (const { index: messageIndex, row: message } of messages) {
      const text = message.item?.payload?.message ?? null;
      const image = message.item?.payload?.image ?? null;
      if (text === null && image === null) continue;
      // A message with no time of its own nor its turn's cannot be placed in the thread.
      const createdAt = epochToDate(message.ts ?? turn.ts);
      if (createdAt === null) continue;
      const cursor = encodePosition({ turn: turnIndex, message: messageIndex });
      out.push({
        ref,
        conversationUpstreamId: conversation.upstreamId,
        upstreamId: message.mid ?? cursor,
        cursor,
        content: text,
        direction: turn.from === 'human' ? 'INBOUND' : 'OUTBOUND',
        kind: turn.from === 'system' ? 'ACTIVITY' : 'TEXT',
        private: false,
        sender,
        createdAt,
        attachments: image === null ? [] : [{ url: image, name: null, contentType: null }],
        callSummary: null,
      });
    }
  }
  return out;
}

/**
 * The slice of a thread the page arguments ask for: the window between `after` and `before`,
 * then the first `first` or the last `last` of it (the newest 20 with no arguments).
 */
export function sliceThread(messages: readonly MessageModel[], args: MessagePageArgs): MessagePage {
  const after = args.after === undefined ? null : decodePosition(args.after);
  const before = args.before === undefined ? null : decodePosition(args.before);
  let start = 0;
  let end = messages.length;
  if (after) {
    const index = messages.findIndex((message) => comparePositions(decodePosition(message.cursor), after) > 0);
    start = index === -1 ? messages.length : index;
  }
  if (before) {
    const index = messages.findIndex((message) => comparePositions(decodePosition(message.cursor), before) >= 0);
    end = Math.max(start, index === -1 ? messages.length : index);
  }
  const forward = args.first !== undefined || (args.after !== undefined && args.last === undefined);
  if (forward) {
    end = Math.min(end, start + Math.max(0, args.first ?? DEFAULT_PAGE_SIZE));
  } else {
    start = Math.max(start, end - Math.max(0, args.last ?? DEFAULT_PAGE_SIZE));
  }
  return { items: messages.slice(start, end), hasOlder: start > 0, hasNewer: end < messages.length };
}
