import { fixtures } from '../common/people.js';
import type { SeededRandom } from '../common/random.js';
import type { VgState, VgTurn, VgTurnMessage, VgUser } from './types.js';

/** One visible message before it gets a time and a turn. */
interface PlannedMessage {
  from: 'human' | 'bot' | 'system';
  type: 'text' | 'choice' | 'visual';
  text?: string;
  image?: string;
  buttons?: string[];
  /** Set when a teammate (not the AI) wrote this `bot` message. */
  agent?: VgUser;
}

/** Where the handoff happened, so the document's handoff fields match the transcript. */
export interface TranscriptEvents {
  requestedAt: number | null;
  acceptedAt: number | null;
  endedAt: number | null;
  lastAgentReplyAt: number | null;
}

export interface Transcript {
  turns: VgTurn[];
  events: TranscriptEvents;
}

const HANDOFF_ASK = 'Can I talk to a real person, please?';
const HANDOFF_ACK = 'Of course! I am connecting you with a member of our team now.';

/** The AI/user back-and-forth: user first, then the agent, alternating. */
function aiExchange(rng: SeededRandom, count: number): PlannedMessage[] {
  const out: PlannedMessage[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      out.push({ from: 'human', type: 'text', text: rng.pick(fixtures.INBOUND) });
    } else if (rng.bool(0.1)) {
      out.push({ from: 'bot', type: 'choice', text: 'Would you like to book a demo?', buttons: ['Yes, book a demo', 'No thanks'] });
    } else if (rng.bool(0.07)) {
      out.push({ from: 'bot', type: 'visual', image: `https://cdn.vg-stuff.com/media/${rng.hex(12)}.png` });
    } else {
      out.push({ from: 'bot', type: 'text', text: rng.pick(fixtures.OUTBOUND) });
    }
  }
  return out;
}

/** After a teammate joined: the user and the teammate alternate. */
function humanExchange(rng: SeededRandom, agent: VgUser, count: number): PlannedMessage[] {
  const out: PlannedMessage[] = [{ from: 'system', type: 'text', text: `${agent.name} joined the chat` }];
  for (let i = 1; i < count; i++) {
    out.push(i % 2 === 1 ? { from: 'human', type: 'text', text: rng.pick(fixtures.INBOUND) } : { from: 'bot', type: 'text', text: rng.pick(fixtures.OUTBOUND), agent });
  }
  return out;
}

/** Exactly `count` visible messages telling a story that fits the conversation's state. */
function plan(rng: SeededRandom, state: VgState, count: number, agent: VgUser | null): PlannedMessage[] {
  const handoffRequest: PlannedMessage[] = [
    { from: 'human', type: 'text', text: HANDOFF_ASK },
    { from: 'bot', type: 'text', text: HANDOFF_ACK },
    { from: 'system', type: 'text', text: 'Live chat requested' },
  ];
  switch (state) {
    case 'ai-chatting':
      return aiExchange(rng, count);
    case 'requested_chat':
      return count >= 3 ? [...aiExchange(rng, count - 3), ...handoffRequest] : handoffRequest.slice(3 - count);
    case 'human-chatting': {
      if (!agent) throw new Error('a human-chatting conversation needs the teammate who claimed it');
      const after = Math.min(count, rng.int(2, 8));
      return [...aiExchange(rng, count - after), ...humanExchange(rng, agent, after)];
    }
    case 'ended_chat': {
      if (count === 1) return aiExchange(rng, 1);
      const closing: PlannedMessage = { from: 'system', type: 'text', text: 'Chat ended' };
      if (agent && count >= 4 && rng.bool(0.6)) {
        const after = Math.min(count - 1, rng.int(2, 6));
        return [...aiExchange(rng, count - 1 - after), ...humanExchange(rng, agent, after), closing];
      }
      return [...aiExchange(rng, count - 1), closing];
    }
  }
}

/** Strictly increasing times from `firstAt` to `lastAt` (ms), one per message. */
function spread(rng: SeededRandom, count: number, firstAt: number, lastAt: number): number[] {
  if (count === 1) return [lastAt];
  const step = (lastAt - firstAt) / (count - 1);
  const times: number[] = [];
  for (let i = 0; i < count - 1; i++) times.push(firstAt + Math.round(i * step) + rng.int(0, Math.floor(step / 4)));
  times.push(lastAt);
  return times;
}

function toTurnMessage(rng: SeededRandom, message: PlannedMessage, ts: number): VgTurnMessage {
  const payload: VgTurnMessage['item']['payload'] = {};
  if (message.text !== undefined) payload.message = message.text;
  if (message.image !== undefined) payload.image = message.image;
  if (message.buttons) payload.buttons = message.buttons.map((name) => ({ name }));
  return { type: message.type, item: { type: message.type, payload }, ts, mid: `m_${rng.hex(12)}` };
}

function sameSpeaker(turn: VgTurn, message: PlannedMessage): boolean {
  if (turn.from !== message.from || message.from === 'system') return false;
  return (turn.sentBy?.userId ?? null) === (message.agent?.userId ?? null);
}

/**
 * A transcript of `count` visible messages between `createdAt` (the session's launch) and
 * `lastAt`, grouped into turns the way the platform stores them (consecutive messages of one
 * speaker share a turn, up to three).
 */
export function buildTranscript(rng: SeededRandom, options: { state: VgState; count: number; agent: VgUser | null; createdAt: number; lastAt: number }): Transcript {
  const planned = plan(rng, options.state, options.count, options.agent);
  const times = spread(rng, planned.length, options.createdAt + rng.int(2_000, 30_000), options.lastAt);
  const launch: VgTurn = {
    from: 'system',
    ts: options.createdAt,
    messages: [{ type: 'launch', item: { type: 'launch', payload: {} }, ts: options.createdAt, mid: `m_${rng.hex(12)}` }],
  };
  const turns: VgTurn[] = [launch];
  const events: TranscriptEvents = { requestedAt: null, acceptedAt: null, endedAt: null, lastAgentReplyAt: null };

  planned.forEach((message, i) => {
    const ts = times[i] as number;
    if (message.text === 'Live chat requested') events.requestedAt = ts;
    if (message.from === 'system' && message.text?.endsWith('joined the chat')) events.acceptedAt = ts;
    if (message.text === 'Chat ended') events.endedAt = ts;
    if (message.agent) events.lastAgentReplyAt = ts;

    const last = turns[turns.length - 1] as VgTurn;
    if (turns.length > 1 && sameSpeaker(last, message) && last.messages.length < 3) {
      last.messages.push(toTurnMessage(rng, message, ts));
      return;
    }
    const turn: VgTurn = { from: message.from, ts, messages: [toTurnMessage(rng, message, ts)] };
    if (message.from === 'bot') turn.isAIGenerated = !message.agent;
    if (message.agent) turn.sentBy = { userId: message.agent.userId, name: message.agent.name, email: message.agent.email };
    turns.push(turn);
  });
  // A teammate's join after an AI-only request: the request happened right before it.
  if (events.acceptedAt !== null && events.requestedAt === null) events.requestedAt = events.acceptedAt - 60_000;
  return { turns, events };
}

/** The messages a reader sees: everything but the session `launch` markers. */
export function visibleMessages(turns: readonly VgTurn[]): VgTurnMessage[] {
  return turns.flatMap((turn) => turn.messages.filter((message) => message.type !== 'launch'));
}
