import type { GatewayContext } from '../context.js';
import { gqlError, UserError } from '../errors.js';
import { savedViewModel } from '../inbox/views.js';
import { decodeViewId } from '../inbox/view-ids.js';
import { tenantTag } from '../graph/ids.js';
import type { InboxViewModel, SavedViewInput } from '../model/index.js';
import { checkSourceAction, runSourceAction } from './source-action.js';

export interface InboxViewInputArgs {
  id: string | null;
  name: string;
  unread: boolean | null;
  starred: boolean | null;
  archived: boolean | null;
  overdue: boolean | null;
  activeWithinDays: number | null;
}

const MAX_NAME = 100;
const MAX_VIEWS = 50;
const MAX_DAYS = 365;

/**
 * saveInboxViews: the whole list of a source's saved views. Malformed input and leaving out a view
 * the platform keeps are the client's mistakes (GraphQL errors, before any call); a source without
 * the action is UNSUPPORTED_BY_SOURCE (no call). Afterwards the source's cached views and counts
 * are dropped and the views are answered as the platform saved them.
 */
export async function saveInboxViews(ctx: GatewayContext, sourceKey: string, views: InboxViewInputArgs[]): Promise<{ views: InboxViewModel[] }> {
  const ref = ctx.sources.ref(sourceKey);
  if (!ref) throw gqlError('BAD_USER_INPUT', 'input.sourceKey names no source of yours', { argument: 'input', field: ['input', 'sourceKey'] });
  if (views.length > MAX_VIEWS) throw gqlError('BAD_USER_INPUT', `views: at most ${MAX_VIEWS}, got ${views.length}`, { argument: 'input', field: ['input', 'views'] });
  const wanted = views.map((view, i) => toSavedViewInput(ctx, ref.key, ref.scope, view, i));
  checkSourceAction(ref, 'SAVE_INBOX_VIEWS', wanted);
  try {
    const saved = await runSourceAction(ctx, ref, 'SAVE_INBOX_VIEWS', wanted);
    return { views: saved.map((view) => savedViewModel(ctx, view)) };
  } finally {
    // Even a failed write may have changed something: never serve the old views after it.
    await ctx.sources.afterSourceWrite(ref.key, ['views']);
  }
}

function toSavedViewInput(ctx: GatewayContext, sourceKey: string, scope: string, view: InboxViewInputArgs, index: number): SavedViewInput {
  const field = (name: string) => ({ argument: 'input', field: ['input', 'views', String(index), name] });
  const name = view.name.trim();
  if (name.length === 0 || name.length > MAX_NAME) throw gqlError('BAD_USER_INPUT', `views[${index}].name: 1 to ${MAX_NAME} characters`, field('name'));
  const days = view.activeWithinDays;
  if (days !== null && (days < 1 || days > MAX_DAYS)) throw gqlError('BAD_USER_INPUT', `views[${index}].activeWithinDays: 1 to ${MAX_DAYS}`, field('activeWithinDays'));
  let upstreamId: string | null = null;
  if (view.id !== null) {
    const decoded = decodeViewId(view.id);
    if (!decoded || 'otherType' in decoded) throw gqlError('BAD_USER_INPUT', `views[${index}].id is not an InboxView id`, field('id'));
    if (decoded.kind === 'builtIn') throw gqlError('BAD_USER_INPUT', `views[${index}].id is a built-in view of the gateway, not a saved view`, field('id'));
    // Another tenant's view, or another source's, names nothing here.
    if (decoded.tenantTag !== tenantTag(ctx.viewer.tenant) || decoded.sourceKey !== sourceKey || decoded.scope !== scope) {
      throw new UserError('NOT_FOUND', `views[${index}].id names no view of this source`, ['input', 'views', String(index), 'id']);
    }
    upstreamId = decoded.upstreamId;
  }
  return {
    upstreamId,
    name,
    filter: {
      unread: view.unread === true ? true : null,
      starred: view.starred === true ? true : null,
      archived: view.archived ?? false,
      overdue: view.overdue === true ? true : null,
      activeWithinDays: days,
    },
  };
}
