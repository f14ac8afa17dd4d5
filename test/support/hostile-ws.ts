import WebSocket from 'ws';

/**
 * Hostile graphql-ws (graphql-transport-ws) traffic on raw sockets: hostile documents on an
 * authenticated connection (each must get an error with a code, and the connection must live on),
 * and protocol abuse on fresh connections (each must be closed with a 4xxx code, or 1009 for a
 * frame over the size limit). Every message the server sent is kept, for the leak scan.
 */
export interface WsOutcome {
  what: string;
  clean: boolean;
  detail: string;
  /** What the server sent, as text (messages, then the close code). */
  received: string[];
}

type Message = { id?: string; type: string; payload?: unknown };

function open(base: string): Promise<{ socket: WebSocket; received: string[]; closed: Promise<number> }> {
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const received: string[] = [];
  socket.on('message', (data: WebSocket.RawData) => received.push(String(data)));
  socket.on('error', () => undefined); // a refused frame may cut the connection mid-send
  socket.setMaxListeners(0); // one waiter per document in flight
  const closed = new Promise<number>((resolve) =>
    socket.on('close', (code: number, reason: Buffer) => {
      received.push(`close ${code} ${reason.toString()}`);
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, received, closed }));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

function nextMessage(socket: WebSocket, accept: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message | null> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as Message;
      if (!accept(message)) return;
      finish(message);
    };
    const finish = (message: Message | null) => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
      resolve(message);
    };
    const onClose = () => finish(null);
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.on('message', onMessage);
    socket.on('close', onClose);
  });
}

const hasCodes = (errors: unknown) =>
  Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof (e as { extensions?: { code?: unknown } }).extensions?.code === 'string');

/** Hostile documents, `perBatch` at a time, on one authenticated connection. */
export async function hostileSubscribes(base: string, token: string, documents: { what: string; query: unknown; variables?: unknown }[], perBatch = 20): Promise<WsOutcome[]> {
  const { socket, received, closed } = await open(base);
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  if ((await nextMessage(socket, (m) => m.type === 'connection_ack')) === null) throw new Error(`no connection_ack: ${received.join(' | ')}`);
  const outcomes: WsOutcome[] = [];
  for (let start = 0; start < documents.length; start += perBatch) {
    const batch = documents.slice(start, start + perBatch);
    outcomes.push(
      ...(await Promise.all(
        batch.map(async (doc, k) => {
          const id = `h${start + k}`;
          const answer = nextMessage(socket, (m) => m.id === id && (m.type === 'error' || m.type === 'next'));
          socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: doc.query, variables: doc.variables } }));
          const message = await answer;
          const errors = message?.type === 'error' ? message.payload : (message?.payload as { errors?: unknown } | undefined)?.errors;
          const clean = message !== null && hasCodes(errors);
          if (message?.type === 'next') socket.send(JSON.stringify({ id, type: 'complete' }));
          return { what: doc.what, clean, detail: JSON.stringify(message).slice(0, 300), received: message ? [JSON.stringify(message)] : [] };
        }),
      )),
    );
  }
  const alive = socket.readyState === WebSocket.OPEN;
  socket.close(1000);
  await closed;
  // The connection must have survived every refusal.
  if (!alive) outcomes.push({ what: 'connection survives hostile documents', clean: false, detail: received.slice(-3).join(' | '), received });
  return outcomes;
}

const ABUSES: { what: string; act: (socket: WebSocket, init: () => void, acknowledged: () => Promise<unknown>) => void | Promise<void>; codes: number[] }[] = [
  { what: 'malformed JSON', act: (s, init) => (init(), s.send('{"type":')), codes: [4400] },
  { what: 'not JSON', act: (s, init) => (init(), s.send('hello')), codes: [4400] },
  { what: 'subscribe before connection_init', act: (s) => s.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ viewer { id } }' } })), codes: [4401] },
  { what: 'a forged token', act: (s) => s.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer forged.token.here' } })), codes: [4403] },
  { what: 'a 900 kB token', act: (s) => s.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${'a'.repeat(900_000)}` } })), codes: [4403, 4400] },
  { what: 'connection_init twice', act: (s, init) => (init(), init()), codes: [4429] },
  { what: 'subscribe without id', act: (s, init) => (init(), s.send(JSON.stringify({ type: 'subscribe', payload: { query: '{ viewer { id } }' } }))), codes: [4400] },
  { what: 'query of the wrong type', act: (s, init) => (init(), s.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 5 } }))), codes: [4400] },
  {
    what: 'variables of the wrong type',
    act: (s, init) => (init(), s.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ viewer { id } }', variables: 'x' } }))),
    codes: [4400],
  },
  {
    what: 'a duplicate subscription id',
    act: async (s, init, acknowledged) => {
      init();
      await acknowledged();
      const subscribe = JSON.stringify({ id: 'same', type: 'subscribe', payload: { query: 'subscription { messageAdded { cursor } }' } });
      s.send(subscribe);
      s.send(subscribe);
    },
    codes: [4409],
  },
  { what: 'an unknown message type', act: (s, init) => (init(), s.send(JSON.stringify({ type: 'takeover' }))), codes: [4400] },
  {
    what: 'a 2 MB frame',
    act: (s, init) => (init(), s.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ viewer { id } } #${'x'.repeat(2_000_000)}` } }))),
    codes: [1009],
  },
  { what: 'a 10 MB frame', act: (s) => s.send('x'.repeat(10 * 1024 * 1024)), codes: [1009] },
  { what: 'a binary frame', act: (s, init) => (init(), s.send(Buffer.from([0xff, 0x00, 0x13, 0x37]))), codes: [4400] },
];

export const ABUSE_COUNT = ABUSES.length;

/** The `variant`-th protocol abuse, on a fresh connection: it must end with one of its close codes. */
export async function protocolAbuse(base: string, token: string, variant: number): Promise<WsOutcome> {
  const abuse = ABUSES[variant % ABUSES.length]!;
  const { socket, received, closed } = await open(base);
  const init = () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await abuse.act(socket, init, () => nextMessage(socket, (m) => m.type === 'connection_ack'));
  const code = await Promise.race([closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000))]);
  if (code === null) socket.terminate();
  return { what: abuse.what, clean: code !== null && abuse.codes.includes(code), detail: received.slice(-2).join(' | ').slice(0, 300), received };
}
