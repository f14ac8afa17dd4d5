import type { GatewayContext } from '../context.js';
import { gqlError, UpstreamError, upstreamToGraphQLError } from '../errors.js';
import { tenantTag } from '../graph/ids.js';
import type { BuiltInViewKey, ConversationFilter, ConversationModel, InboxViewModel, SavedViewModel, SourceRef, ViewCountsModel, ViewFilterModel } from '../model/index.js';
import { EMPTY_FILTER, matchesFilter } from './filter.js';
import { isUnread, tallyRows } from './tally.js';
import { BUILT_IN_VIEW_KEYS, builtInViewId, decodeViewId, savedViewId } from './view-ids.js';

/**
 * Inbox views: the built-in views every inbox has, merged over every source, and the platforms'
 * own saved views (Iron). A view is a filter of the merged inbox: opening it (`filter.view`) lists
 * exactly what it counts, because both go through the same filter semantics (filter.ts).
 *
 * Built-in views, on every platform through the same model fields:
 * - ALL: every conversation (every status; archived ones included).
 * - MINE / UNASSIGNED: `assignee: MINE` (the user's identity on each platform) / held by no human.
 * - UNREAD: `unreadCount` above 0 (Voxys `unread_count`, Chatvolt's unread visitor messages,
 *   VoiceGlow's 0/1 marker, Iron `unread_count`).
 * - STARRED: starred (only Iron has stars: 0 elsewhere).
 * - OVERDUE: not RESOLVED and the SLA overdue (Voxys' applied SLA, VoiceGlow's CRM follow-ups, Iron's
 *   SLA; Chatvolt has none).
 */

const NAMES: Record<BuiltInViewKey, string> = { ALL: 'All', MINE: 'Mine', UNASSIGNED: 'Unassigned', UNREAD: 'Unread', STARRED: 'Starred', OVERDUE: 'Overdue' };

const NOT_RESOLVED: ConversationFilter['status'] = ['HUMAN_REQUESTED', 'OPEN', 'PENDING', 'SNOOZED'];

export const BUILT_IN_FILTERS: Record<BuiltInViewKey, ConversationFilter> = {
  ALL: EMPTY_FILTER,
  MINE: { ...EMPTY_FILTER, assignee: 'MINE' },
  UNASSIGNED: { ...EMPTY_FILTER, assignee: 'UNASSIGNED' },
  UNREAD: { ...EMPTY_FILTER, unread: true },
  STARRED: { ...EMPTY_FILTER, starred: true },
  OVERDUE: { ...EMPTY_FILTER, overdue: true, status: NOT_RESOLVED },
};

/** A view opened by `filter.view`: what it adds to the filter, and which sources it spans (null: all). */
export interface OpenedView {
  filter: ConversationFilter;
  sourceKeys: string[] | null;
}

function asViewFilter(filter: ConversationFilter, ref: SourceRef | null): ViewFilterModel {
  return {
    sources: ref ? [ref.type] : null,
    assignee: filter.assignee,
    status: filter.status,
    unread: filter.unread,
    starred: filter.starred,
    archived: filter.archived,
    overdue: filter.overdue,
    activeWithinDays: filter.activeWithinDays,
  };
}

/** A saved view's filter in the merged inbox's terms. */
export function savedViewFilter(view: SavedViewModel): ConversationFilter {
  return { ...EMPTY_FILTER, ...view.filter };
}

/**
 * Every source's rows, read once per request for all built-in views (their counts share it). A
 * failing source is reported once and makes the built-in counts null (a sum without it would lie).
 */
function builtInRows(ctx: GatewayContext): () => Promise<Map<string, ConversationModel[]> | null> {
  let pending: Promise<Map<string, ConversationModel[]> | null> | null = null;
  return () =>
    (pending ??= (async () => {
      const settled = await Promise.allSettled(ctx.sources.refs.map((ref) => tallyRows(ctx, ref.key, EMPTY_FILTER)));
      const rows = new Map<string, ConversationModel[]>();
      let failed = false;
      settled.forEach((result, i) => {
        if (result.status === 'fulfilled') rows.set(ctx.sources.refs[i]!.key, result.value);
        else if (result.reason instanceof UpstreamError) {
          ctx.partialErrors.push(upstreamToGraphQLError(result.reason));
          failed = true;
        } else throw result.reason;
      });
      return failed ? null : rows;
    })());
}

function countBuiltIn(ctx: GatewayContext, rowsBySource: Map<string, ConversationModel[]>, filter: ConversationFilter): ViewCountsModel {
  const counts = { total: 0, unread: 0 };
  for (const [key, rows] of rowsBySource) {
    const me = ctx.sources.me(key);
    for (const row of rows) {
      if (!matchesFilter(row, filter, me)) continue;
      counts.total++;
      if (isUnread(row)) counts.unread++;
    }
  }
  return counts;
}

/** `Query.inboxViews`: the built-in views, then each source's saved views (a source failing to list them is reported and left out). */
export async function listInboxViews(ctx: GatewayContext): Promise<InboxViewModel[]> {
  const rows = builtInRows(ctx);
  const builtIn = BUILT_IN_VIEW_KEYS.map((key): InboxViewModel => ({
    id: builtInViewId(ctx.viewer.tenant, key),
    name: NAMES[key],
    ref: null,
    builtIn: true,
    deletable: false,
    filter: asViewFilter(BUILT_IN_FILTERS[key], null),
    counts: async () => {
      const all = await rows();
      return all ? countBuiltIn(ctx, all, BUILT_IN_FILTERS[key]) : null;
    },
  }));
  const saved = await Promise.all(ctx.sources.refs.map((ref) => savedViewsOf(ctx, ref)));
  return [...builtIn, ...saved.flat()];
}

async function savedViewsOf(ctx: GatewayContext, ref: SourceRef): Promise<InboxViewModel[]> {
  const connector = ctx.sources.connector(ref.key);
  if (!connector.savedViews) return [];
  let views: SavedViewModel[];
  try {
    views = await connector.savedViews();
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    ctx.partialErrors.push(upstreamToGraphQLError(error));
    return [];
  }
  return views.map((view) => savedViewModel(ctx, view));
}

/** A saved view as the graph shows it, counted by its platform (one counts call per request and source). */
export function savedViewModel(ctx: GatewayContext, view: SavedViewModel): InboxViewModel {
  return {
    id: savedViewId(view.ref, view.upstreamId),
    name: view.name,
    ref: view.ref,
    builtIn: false,
    deletable: view.deletable,
    filter: asViewFilter(savedViewFilter(view), view.ref),
    counts: async () => {
      try {
        const counts = await ctx.sources.connector(view.ref.key).savedViewCounts?.();
        return counts?.get(view.upstreamId) ?? null;
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        ctx.partialErrors.push(upstreamToGraphQLError(error));
        return null;
      }
    },
  };
}

const VIEW_ARGUMENT = { argument: 'filter.view' };

/**
 * The view `filter.view` names, of the caller's own tenant: a malformed id or one of another type is
 * BAD_USER_INPUT; another tenant's, or a saved view its platform no longer has, NOT_FOUND.
 */
export async function openView(id: string, ctx: GatewayContext): Promise<OpenedView> {
  const decoded = decodeViewId(id);
  if (!decoded) throw gqlError('BAD_USER_INPUT', 'filter.view is not a view id', VIEW_ARGUMENT);
  if ('otherType' in decoded) throw gqlError('BAD_USER_INPUT', `filter.view must be an InboxView id, not a ${decoded.otherType} id`, VIEW_ARGUMENT);
  const notFound = () => gqlError('NOT_FOUND', 'no InboxView with this id', VIEW_ARGUMENT);
  if (decoded.tenantTag !== tenantTag(ctx.viewer.tenant)) throw notFound();
  if (decoded.kind === 'builtIn') return { filter: BUILT_IN_FILTERS[decoded.key], sourceKeys: null };
  const ref = ctx.sources.ref(decoded.sourceKey);
  const connector = ref && ref.scope === decoded.scope ? ctx.sources.connector(ref.key) : null;
  if (!connector?.savedViews) throw notFound();
  const view = (await connector.savedViews()).find((v) => v.upstreamId === decoded.upstreamId.toLowerCase());
  if (!view) throw notFound();
  return { filter: savedViewFilter(view), sourceKeys: [decoded.sourceKey] };
}

/** The filter keys a view may set (besides `assignee`). */
const VIEW_KEYS = ['status', 'archived', 'starred', 'overdue', 'unread', 'activeWithinDays'] as const;

/** A view's filter AND the caller's other keys; a key both set differently is the caller's mistake. */
export function withView(filter: ConversationFilter, view: ConversationFilter): ConversationFilter {
  const combined: ConversationFilter = { ...filter };
  if (view.assignee !== 'ALL') {
    if (filter.assignee !== 'ALL' && filter.assignee !== view.assignee) throw conflict('assignee');
    combined.assignee = view.assignee;
  }
  for (const key of VIEW_KEYS) adopt(combined, filter, view, key);
  return combined;
}

/** Takes the view's value of one key, unless the caller set it otherwise. */
function adopt<K extends (typeof VIEW_KEYS)[number]>(combined: ConversationFilter, filter: ConversationFilter, view: ConversationFilter, key: K): void {
  const own = view[key];
  if (own === null) return;
  const given = filter[key];
  if (given !== null && JSON.stringify(given) !== JSON.stringify(own)) throw conflict(key);
  combined[key] = own;
}

function conflict(key: string) {
  return gqlError('BAD_USER_INPUT', `filter.${key} contradicts the view's own ${key}: leave it out, or open no view`, { argument: `filter.${key}` });
}
