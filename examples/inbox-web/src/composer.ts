import type { Client, CombinedError } from '@urql/core';
import { SendMessageDocument, type SendMessageMutation } from './documents.js';
import { h } from './dom.js';

type Payload = SendMessageMutation['sendMessage'];

/**
 * The reply box. Each reply carries an idempotency key, kept until the reply is answered: pressing
 * Send again after an unknown outcome (a timeout, a dropped connection) retries with the same key,
 * so the platform gets the message once.
 */
export function composer(client: Client, conversationId: string, settled: (error: CombinedError | undefined, payload: Payload | undefined) => void): HTMLElement {
  const input = h('textarea', { class: 'composer-input', placeholder: 'Reply… (Enter sends, Shift+Enter: new line)', rows: 2 });
  let key: { content: string; value: string } | null = null;
  const send = async () => {
    const content = input.value.trim();
    if (!content || input.disabled) return;
    if (key?.content !== content) key = { content, value: crypto.randomUUID() };
    input.disabled = true;
    const result = await client.mutation(SendMessageDocument, { conversationId, content, idempotencyKey: key.value }).toPromise();
    input.disabled = false;
    const payload = result.data?.sendMessage;
    if (payload) key = null; // answered (sent, or refused with userErrors): the next reply is a new one
    if (payload?.message) input.value = '';
    settled(result.error, payload);
    input.focus();
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  });
  return h('form', { class: 'composer', onsubmit: (e: Event) => (e.preventDefault(), void send()) }, input, h('button', { type: 'submit', class: 'send' }, 'Send'));
}
