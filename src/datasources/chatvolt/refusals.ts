import { UpstreamError, UserError } from '../../errors.js';

/** The write a refusal answered (it decides the code, the message and the input field). */
export type ChatvoltWrite = 'send' | 'assign' | 'status' | 'priority' | 'aiEnabled' | 'move';

const FIELD: Record<ChatvoltWrite, string> = {
  send: 'content',
  assign: 'assigneeId',
  status: 'status',
  priority: 'priority',
  aiEnabled: 'enabled',
  move: 'stepId',
};

const INVALID: Record<ChatvoltWrite, string> = {
  send: 'Chatvolt rejected the message',
  assign: 'Chatvolt rejected the assignee',
  status: 'Chatvolt rejected the status',
  priority: 'Chatvolt rejected the priority',
  aiEnabled: 'Chatvolt rejected the AI setting',
  move: 'The step is not a step of that scenario',
};

/**
 * A platform refusal of a write as a UserError with a message of our own (never the body), or
 * the error itself when it is not a business refusal (auth, rate limit, outage, timeout).
 * Chaindesk's errors are `{"error": "<type>"}` with the type's status; its auth failure is a
 * plain-text 403 `Forbidden`, which stays an upstream error.
 */
export function refusal(error: unknown, write: ChatvoltWrite): unknown {
  if (!(error instanceof UpstreamError) || error.status === null) return error;
  const type = errorType(error.detail);
  switch (error.status) {
    case 400:
      return new UserError('INVALID_INPUT', INVALID[write], FIELD[write]);
    case 404:
      return new UserError('NOT_FOUND', write === 'move' ? 'Chatvolt has no such conversation, scenario or step' : 'Chatvolt has no such conversation');
    case 406:
      if (write === 'send' && type === 'ERR_META_SESSION_EXPIRED_24H') {
        return new UserError('MESSAGING_WINDOW_CLOSED', "The customer's last message is more than 24 hours old: WhatsApp and Instagram accept only template messages now");
      }
      return error;
    case 403:
      // The documented "user does not belong to the conversation's organization".
      if (write === 'assign' && type === 'UNAUTHORIZED') return new UserError('NOT_A_MEMBER', 'The assignee is not a member of this Chatvolt organization', FIELD.assign);
      return error;
    default:
      return error;
  }
}

/** The `error` of a Chaindesk error body, when the (logged-only) detail is one. */
function errorType(detail: string | undefined): string | null {
  if (!detail) return null;
  try {
    const body: unknown = JSON.parse(detail);
    const type = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    return typeof type === 'string' ? type : null;
  } catch {
    return null;
  }
}

/** `call`'s answer; a refusal of it becomes a UserError (`refusal`), anything else stays as it was. */
export async function refusing<T>(write: ChatvoltWrite, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw refusal(error, write);
  }
}
