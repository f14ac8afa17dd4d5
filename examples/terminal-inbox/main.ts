import { createInterface } from 'node:readline';
import { InboxScreenDocument, MarkReadDocument, SendMessageDocument } from '../../client/graphql.js';
import { liveMessages, request, type GatewayOptions, type LiveMessages, type MessageEvent } from './gateway-client.js';

/**
 * A live inbox in the terminal: the merged inbox's first rows, then every new message as it
 * arrives (resuming from the newest cursor after a reconnect), and two commands on stdin:
 *
 *   r <n>          mark conversation n read
 *   s <n> <text>   send <text> to conversation n
 *
 *   PORT=4000 TOKEN=$(npm run -s token -- --tenant demo) npx tsx examples/terminal-inbox/main.ts
 */
export interface TerminalInbox {
  /** Conversation ids by the number shown beside them. */
  readonly conversations: string[];
  /** The live subscription (its newest cursor, its connection count). */
  readonly live: LiveMessages;
  /** A stdin command, as typed. */
  command(line: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startTerminalInbox(options: GatewayOptions & { print?: (line: string) => void; retryWait?: (retries: number) => Promise<void> }): Promise<TerminalInbox> {
  const print = options.print ?? ((line: string) => console.log(line));
  const conversations: string[] = [];
  const number = (id: string) => {
    if (!conversations.includes(id)) conversations.push(id);
    return conversations.indexOf(id) + 1;
  };

  // Subscribe first, then read the screen: a message arriving in between shows up live.
  const live = liveMessages({
    ...options,
    onMessage: (event: MessageEvent) => {
      const who = event.message.sender && 'name' in event.message.sender ? (event.message.sender.name ?? '?') : '?';
      // The conversation is null when its platform could not be read just now; the message is not.
      const where = event.conversation ? `[${number(event.conversation.id)}] ${event.conversation.source} ${event.conversation.title ?? ''}` : '[?]';
      print(`${where} · ${who}: ${event.message.content ?? ''}`);
    },
    onError: (error) => print(`! ${error instanceof Error ? error.message : JSON.stringify(error)}`),
    onResync: () => {
      print('! away too long for the missed messages to be replayed: reloading the inbox');
      void showInbox().catch((error: unknown) => print(`! ${error instanceof Error ? error.message : String(error)}`));
    },
  });

  /** The merged inbox's first rows (again after a resync). */
  async function showInbox(): Promise<void> {
    const { data, errors } = await request(options, InboxScreenDocument, { first: 10 });
    for (const { node } of data.conversations.edges) {
      const unread = node.unreadCount ? ` (${node.unreadCount} unread)` : '';
      print(`[${number(node.id)}] ${node.source} ${node.title ?? ''}${unread}: ${node.lastMessage?.content ?? ''}`);
    }
    if (data.conversations.missingSources.length > 0) print(`! not answering now: ${data.conversations.missingSources.join(', ')}`);
    for (const error of errors) print(`! ${error.extensions?.code ?? 'ERROR'}: ${error.message}`);
  }

  await showInbox();
  const conversation = (n: string) => {
    const id = conversations[Number(n) - 1];
    if (!id) throw new Error(`no conversation ${n}`);
    return id;
  };
  return {
    conversations,
    live,
    async command(line) {
      const [verb, n, ...words] = line.trim().split(/\s+/);
      try {
        if (verb === 'r' && n) {
          const { data } = await request(options, MarkReadDocument, { conversationId: conversation(n) });
          for (const problem of data.markConversationRead.userErrors) print(`! ${problem.code}: ${problem.message}`);
        } else if (verb === 's' && n && words.length > 0) {
          // An idempotency key: a retried send is never sent twice.
          const variables = { conversationId: conversation(n), content: words.join(' '), idempotencyKey: crypto.randomUUID() };
          const { data } = await request(options, SendMessageDocument, variables);
          for (const problem of data.sendMessage.userErrors) print(`! ${problem.code}: ${problem.message}`);
        } else if (verb) {
          print('commands: r <n> (mark read), s <n> <text> (send)');
        }
      } catch (error) {
        print(`! ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    stop: () => live.stop(),
  };
}

// Run as a program (not when a test imports it).
if (import.meta.url === `file://${process.argv[1]}`) {
  const token = process.env.TOKEN;
  if (!token) {
    console.error('set TOKEN (npm run -s token -- --tenant demo) and PORT');
    process.exit(2);
  }
  const inbox = await startTerminalInbox({ url: `http://localhost:${process.env.PORT ?? 4000}`, token: () => token });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => void inbox.command(line));
  lines.on('close', () => void inbox.stop());
}
