import type { GatewayContext } from '../context.js';
import { UserError } from '../errors.js';
import type { ConversationModel } from '../model/index.js';
import { conversationAction } from './conversation-action.js';
import { runPlatformAction } from './run.js';

/** updateConversationLabels: adds and removes labels (trimmed, de-duplicated), keeping the others. */
export async function updateLabels(
  ctx: GatewayContext,
  conversationId: string,
  change: { add: readonly string[]; remove: readonly string[] },
): Promise<{ conversation: ConversationModel | null }> {
  const add = normalizeLabels(change.add, 'add');
  const remove = normalizeLabels(change.remove, 'remove');
  if (add.some((label) => remove.includes(label))) throw new UserError('INVALID_INPUT', 'a label cannot be both added and removed', ['input', 'add']);
  if (add.length + remove.length === 0) throw new UserError('INVALID_INPUT', 'nothing to add or remove', ['input', 'add']);
  return conversationAction(ctx, conversationId, 'SET_LABELS', (c, ref) => runPlatformAction(ctx, ref, 'SET_LABELS', c, { add, remove }));
}

function normalizeLabels(labels: readonly string[], field: string): string[] {
  const cleaned = [...new Set(labels.map((l) => l.trim()))];
  if (cleaned.some((l) => l === '' || l.length > 100)) throw new UserError('INVALID_INPUT', 'labels must be 1 to 100 characters', ['input', field]);
  return cleaned;
}
