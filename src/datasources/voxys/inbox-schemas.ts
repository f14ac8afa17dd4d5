import { z } from 'zod';
import { lenientList, optionalText } from '../shared/lenient.js';

/** `GET /inboxes` (Chatwoot `inboxes/index.json.jbuilder`): `{payload: [Inbox]}`; only what starting a conversation needs. */
export const inboxListSchema = z.object({
  payload: lenientList(
    z.object({
      id: z.number().int(),
      name: optionalText,
      /** The channel class, e.g. `Channel::Api`, `Channel::Whatsapp`. */
      channel_type: optionalText,
    }),
  ),
});
export type InboxJson = z.infer<typeof inboxListSchema>['payload'][number];

/** `POST /conversations` (Chatwoot `ConversationsController#create`): a contact and an inbox, and the first message. */
export interface NewConversationBody {
  contact_id: number;
  inbox_id: number;
  message: { content: string };
}
