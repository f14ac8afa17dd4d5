import { UpstreamError, UserError } from '../../errors.js';
import type { Channel, ConversationModel, StartConversationRequest } from '../../model/index.js';
import type { SourceActionTable } from '../actions.js';
import type { VoxysConnector } from './connector.js';
import type { InboxJson } from './inbox-schemas.js';
import { channelOf, toConversation } from './mapping.js';

/**
 * Starting a conversation on Voxys (Chatwoot `POST /conversations`): with `contact_id` and `inbox_id`
 * Chatwoot builds the contact's inbox link itself (`ContactInboxBuilder`, no `source_id` needed) and
 * `message` becomes the first outgoing message. The inbox is the first of the asked channel; without
 * a channel, the first API inbox (which can write to any contact).
 */
function pickInbox(inboxes: InboxJson[], channel: Channel | null): InboxJson {
  const wanted: Channel = channel ?? 'API';
  const inbox = inboxes.find((candidate) => channelOf(candidate.channel_type) === wanted);
  if (!inbox) throw new UserError('INVALID_INPUT', `This Voxys account has no ${wanted} inbox to start a conversation in`, ['input', 'channel']);
  return inbox;
}

async function startConversation(connector: VoxysConnector, request: StartConversationRequest): Promise<ConversationModel> {
  // Chatwoot contact ids are positive integers: anything else names no contact there (no call).
  if (!/^\d+$/.test(request.contactUpstreamId)) throw new UserError('NOT_FOUND', 'Voxys has no such contact', ['input', 'contactId']);
  const inbox = pickInbox(await connector.api.inboxes(), request.channel);
  try {
    const json = await connector.api.createConversation({ contact_id: Number(request.contactUpstreamId), inbox_id: inbox.id, message: { content: request.content } });
    return toConversation(connector.ref, json, new Date());
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 404) throw new UserError('NOT_FOUND', 'Voxys has no such contact', ['input', 'contactId']);
    if (error instanceof UpstreamError && error.status === 422) throw new UserError('INVALID_INPUT', 'Voxys refused to start this conversation', ['input', 'content']);
    throw error;
  }
}

/** What Voxys offers on the account itself (their keys are its source capabilities). */
export const voxysSourceActions: SourceActionTable<VoxysConnector> = {
  START_CONVERSATION: { endpoint: 'POST /conversations {contact_id, inbox_id, message}', run: startConversation },
};
