import { asPayload } from '../../actions/payload.js';
import { saveInboxViews } from '../../actions/save-views.js';
import { startConversation } from '../../actions/start-conversation.js';
import type { MutationResolvers } from '../../generated/graphql.js';

/** Mutations on a source itself rather than on one conversation. */
export const sourceMutations = {
  startConversation: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      () =>
        startConversation(ctx, {
          contactId: input.contactId,
          sourceKey: input.sourceKey ?? null,
          channel: input.channel ?? null,
          content: input.content,
          idempotencyKey: input.idempotencyKey ?? null,
        }),
      { conversation: null },
    ),
  saveInboxViews: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      () =>
        saveInboxViews(
          ctx,
          input.sourceKey,
          input.views.map((view) => ({
            id: view.id ?? null,
            name: view.name,
            unread: view.unread ?? null,
            starred: view.starred ?? null,
            archived: view.archived ?? null,
            overdue: view.overdue ?? null,
            activeWithinDays: view.activeWithinDays ?? null,
          })),
        ),
      { views: null },
    ),
} satisfies MutationResolvers;
