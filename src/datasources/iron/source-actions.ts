import { gqlError, UpstreamError, UserError } from '../../errors.js';
import type { Channel, ConversationModel, SavedViewInput, SavedViewModel, StartConversationRequest } from '../../model/index.js';
import type { SourceActionTable } from '../actions.js';
import { IRON_SOURCE_ENDPOINTS } from './api.js';
import type { IronConnector } from './connector.js';
import { toConversation } from './mapping.js';
import { isIronId, type IronWireChannel } from './schemas.js';
import { toSavedView, toViewsBody } from './views.js';

/** The channels a conversation can be opened in: a text one (a call is not started by a message). */
const START_CHANNELS: Partial<Record<Channel, IronWireChannel>> = { SMS: 'sms', EMAIL: 'email' };

/** Iron's 404/422 in our words (never Iron's body); anything else stays as thrown. */
async function refusing<T>(call: Promise<T>, refusals: Partial<Record<404 | 409 | 422, () => UserError>>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof UpstreamError && (error.status === 404 || error.status === 409 || error.status === 422)) {
      const refusal = refusals[error.status];
      if (refusal) throw refusal();
    }
    throw error;
  }
}

async function startConversation(connector: IronConnector, request: StartConversationRequest): Promise<ConversationModel> {
  // Iron's contact ids are uuids: anything else names no contact there (no call).
  if (!isIronId(request.contactUpstreamId)) throw new UserError('NOT_FOUND', 'Iron has no such contact', ['input', 'contactId']);
  const channel = request.channel === null ? undefined : START_CHANNELS[request.channel];
  if (request.channel !== null && channel === undefined) throw new UserError('INVALID_INPUT', 'Iron starts conversations by SMS or email only', ['input', 'channel']);
  const json = await refusing(connector.api.startConversation(request.contactUpstreamId.toLowerCase(), { body: request.content, ...(channel ? { channel } : {}) }), {
    404: () => new UserError('NOT_FOUND', 'Iron has no such contact', ['input', 'contactId']),
    422: () => new UserError('INVALID_INPUT', 'Iron cannot reach this contact on that channel, or refused the content', ['input', 'channel']),
  });
  // Names of members are not needed here: the runner reads the conversation back.
  return toConversation(connector.ref, json, new Map(), new Date());
}

async function saveViews(connector: IronConnector, views: SavedViewInput[]): Promise<SavedViewModel[]> {
  const saved = await refusing(connector.api.saveViews(toViewsBody(views)), {
    404: () => new UserError('NOT_FOUND', 'A view to keep no longer exists on Iron', ['input', 'views']),
    409: () => new UserError('CONFLICT', 'Iron refused the views: they changed meanwhile', ['input', 'views']),
    422: () => new UserError('INVALID_INPUT', 'Iron refused the views', ['input', 'views']),
  });
  return saved.items.map((json) => toSavedView(connector.ref, json));
}

/** The views Iron will not delete (seed 004: "Unread / Recents / Starred / All are non-deletable"). */
export const IRON_FIXED_VIEWS: readonly string[] = ['Unread', 'Recents', 'Starred', 'All'];

/** Leaving out one of Iron's fixed views is refused before the call, naming the ones missing. */
function checkKeepsFixedViews(views: SavedViewInput[]): void {
  const kept = new Set(views.map((view) => view.name.toLowerCase()));
  const missing = IRON_FIXED_VIEWS.filter((name) => !kept.has(name.toLowerCase()));
  if (missing.length > 0) {
    throw gqlError('BAD_USER_INPUT', `Iron's views ${IRON_FIXED_VIEWS.join(', ')} cannot be deleted: keep ${missing.join(', ')} in the list`, {
      argument: 'input',
      field: ['input', 'views'],
    });
  }
}

/** What Iron offers on the org's inbox itself (their keys are its source capabilities). */
export const ironSourceActions: SourceActionTable<IronConnector> = {
  START_CONVERSATION: { endpoint: IRON_SOURCE_ENDPOINTS.START_CONVERSATION, run: startConversation },
  SAVE_INBOX_VIEWS: { endpoint: IRON_SOURCE_ENDPOINTS.SAVE_INBOX_VIEWS, check: checkKeepsFixedViews, run: saveViews },
};
