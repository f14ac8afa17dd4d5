import type { SimRequest, SimResponse } from '../common/server.js';
import type { VoxysDb } from './db.js';
import { BASE, NOT_FOUND_BODY } from './constants.js';
import type { ConversationRow } from './records.js';

/** Every path is account-scoped; `{conversation_id}` is the per-account display id. */
export { BASE };

export const notFound = (): SimResponse => ({ status: 404, body: NOT_FOUND_BODY });

/** Chatwoot's `render_could_not_create_error` and friends: 422 `{"error": "…"}`. */
export const unprocessable = (error: string): SimResponse => ({ status: 422, body: { error } });

export function findConversation(db: VoxysDb, req: SimRequest): ConversationRow | null {
  const raw = req.params.conversation_id ?? '';
  return /^\d+$/.test(raw) ? (db.conversations.get(Number(raw)) ?? null) : null;
}

/** Rails' `params[:x].to_i`: anything non-numeric is 0. */
export function railsInt(raw: string | null): number {
  const value = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(value) ? value : 0;
}
