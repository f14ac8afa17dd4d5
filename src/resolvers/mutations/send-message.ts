import { asPayload } from '../../actions/payload.js';
import { sendMessage as send } from '../../actions/send-message.js';
import type { MutationResolvers } from '../../generated/graphql.js';

export const sendMessageMutation = {
  sendMessage: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      () =>
        send(ctx, {
          conversationId: input.conversationId,
          content: input.content,
          private: input.private ?? false,
          idempotencyKey: input.idempotencyKey ?? null,
          attachments: input.attachments ?? [],
        }),
      { message: null, conversation: null },
    ),
} satisfies MutationResolvers;
