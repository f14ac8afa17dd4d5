import type { FilterKey, InboxConnector, ListPage } from '../datasources/connector.js';
import { UpstreamError } from '../errors.js';
import type { ConversationFilter, ConversationModel, SourceType } from '../model/index.js';
import { decodeCursor, encodeCursor, filterFingerprint, type InboxCursor, type SourceCursor } from './cursor.js';
import { ALL_FILTER_KEYS, fieldsNeeded, matchesFilter } from './filter.js';

export interface MergedInboxEdge {
  cursor: string;
  node: ConversationModel;
}

/** One page of the merged inbox (the ConversationConnection's parent). */
export interface MergedInboxPage {
  edges: MergedInboxEdge[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  missingSources: SourceType[];
  failures: UpstreamError[];
  /** What the counts resolver needs to count the same set. */
  filter: ConversationFilter;
  sourceKeys: string[];
}

export interface MergeSource {
  key: string;
  type: SourceType;
  connector: InboxConnector;
  /** The user's id in this source (for MINE). */
  me: string | null;
}

function deferredAny(node: ConversationModel, fields: ReadonlySet<string>): boolean {
  if (!node.deferred) return false;
  for (const field of node.deferred) if (fields.has(field)) return true;
  return false;
}

/** The smallest page asked of a platform that takes a size: one call costs the same for 1 or 20 rows. */
const MIN_PAGE_HINT = 20;

/** The merged order: newest activity first, ties broken by source key then upstream id. */
type SortKey = [number, string];

function sortKeyOf(conversation: ConversationModel): SortKey {
  return [conversation.lastActivityAt.getTime(), `${conversation.ref.key}\u0000${conversation.upstreamId}`];
}

/** Negative when a comes first. */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return b[0] - a[0];
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

interface Buffered {
  node: ConversationModel;
  key: SortKey;
  /** Which of this stream's fetched pages it came from (0 = the first fetched). */
  page: number;
}

/** One source's progress while a page is assembled. */
class SourceStream {
  readonly buffer: Buffered[] = [];
  /** Position of the next page to fetch; undefined once the source has no more pages. */
  nextPosition: SourceCursor['p'] | undefined;
  /** lastActivityAt of the last raw item fetched: nothing unfetched is newer. +Infinity before the first fetch. */
  bound = Number.POSITIVE_INFINITY;
  failed: UpstreamError | null = null;
  state: SourceCursor;
  /** Upstream positions of the pages fetched so far, in fetch order. */
  private readonly positions: SourceCursor['p'][] = [];

  constructor(
    readonly source: MergeSource,
    start: SourceCursor,
  ) {
    this.state = start;
    this.nextPosition = start.d ? undefined : start.p;
    if (start.d) this.bound = Number.NEGATIVE_INFINITY;
  }

  /**
   * A row needs completing when a filter key the gateway applies reads one of its deferred fields;
   * except a search it already matches on the fields it has (search matches on any field).
   */
  private mustComplete(node: ConversationModel, filter: ConversationFilter, keys: readonly FilterKey[]): boolean {
    if (!node.deferred || node.deferred.size === 0) return false;
    if (deferredAny(node, fieldsNeeded({ ...filter, search: null }, keys))) return true;
    if (!deferredAny(node, fieldsNeeded(filter, keys))) return false;
    return !matchesFilter(node, filter, this.source.me, ['search']);
  }

  get done(): boolean {
    return this.nextPosition === undefined || this.failed !== null;
  }

  async fetch(filter: ConversationFilter, limitHint: number): Promise<void> {
    const position = this.nextPosition ?? null;
    const pageIndex = this.positions.length;
    let page: ListPage;
    try {
      page = await this.source.connector.listConversations({ filter, position, limitHint });
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      this.failed = error;
      return;
    }
    const leftToGateway = ALL_FILTER_KEYS.filter((key) => !page.applied.has(key));
    const since = this.state.b;
    const unseen = page.items.filter((node) => since === null || compareKeys(sortKeyOf(node), since) > 0);
    // Rows whose list entry deferred a field this filter reads are completed first.
    const needed = fieldsNeeded(filter, leftToGateway);
    let rows: ConversationModel[];
    try {
      rows = needed.size === 0 ? unseen : await Promise.all(unseen.map((node) => (this.mustComplete(node, filter, leftToGateway) ? this.source.connector.hydrate(node) : node)));
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      this.failed = error;
      return;
    }
    const fresh = rows
      .map((node) => ({ node, key: sortKeyOf(node), page: pageIndex }))
      .filter((item) => matchesFilter(item.node, filter, this.source.me, leftToGateway))
      .sort((a, b) => compareKeys(a.key, b.key));
    this.positions.push(position);
    this.buffer.push(...fresh);
    this.buffer.sort((a, b) => compareKeys(a.key, b.key));
    const last = page.items.reduce((min, item) => Math.min(min, item.lastActivityAt.getTime()), Number.POSITIVE_INFINITY);
    if (page.items.length > 0) this.bound = Math.min(this.bound, last);
    this.nextPosition = page.next === null ? undefined : page.next;
    if (this.nextPosition === undefined) this.bound = Number.NEGATIVE_INFINITY;
  }

  /**
   * Removes the head and records where the source now stands: the earliest page still holding an
   * unemitted item (upstream tie order may differ from ours, so that is not always the next
   * item's page), and the last key emitted, below which everything is skipped on resume.
   */
  take(): Buffered {
    const item = this.buffer.shift()!;
    if (this.buffer.length > 0) {
      const earliest = this.buffer.reduce((min, b) => Math.min(min, b.page), Number.POSITIVE_INFINITY);
      this.state = { p: this.positions[earliest] ?? null, b: item.key };
    } else if (this.nextPosition === undefined) this.state = { p: null, b: item.key, d: 1 };
    else this.state = { p: this.nextPosition, b: item.key };
    return item;
  }

  /** Could an item not fetched yet come before `key`? */
  mayPrecede(key: SortKey): boolean {
    return !this.done && this.bound >= key[0];
  }
}

/**
 * Assembles one page of the merged inbox: a k-way merge over the sources' own pages, asking each
 * platform only for the pages the merge actually reaches. The cursor keeps each source's upstream
 * position and the last item emitted from it, so the next page resumes exactly after it.
 */
export async function mergedInboxPage(options: {
  sources: MergeSource[];
  filter: ConversationFilter;
  first: number;
  after: string | null;
  /** Called once the cursor is known to be good, right before the first list call (to start reads that need no list). */
  onStart?: () => void;
}): Promise<MergedInboxPage> {
  const { sources, filter, first } = options;
  const sourceKeys = sources.map((s) => s.key);
  const fingerprint = filterFingerprint(filter, sourceKeys);
  const start: InboxCursor = options.after ? decodeCursor(options.after, fingerprint) : { v: 1, f: fingerprint, s: {} };
  const streams = sources.map((source) => new SourceStream(source, start.s[source.key] ?? { p: null, b: null }));
  options.onStart?.();

  const edges: MergedInboxEdge[] = [];
  const snapshot = (): string => encodeCursor({ v: 1, f: fingerprint, s: Object.fromEntries(streams.map((s) => [s.source.key, s.state])) });

  let hasNextPage = false;
  for (;;) {
    const candidates = streams.filter((s) => s.buffer.length > 0);
    if (edges.length === first) {
      // Something already fetched proves a next page without another call; otherwise look.
      if (candidates.length > 0) {
        hasNextPage = true;
        break;
      }
      const open = streams.filter((s) => !s.done);
      if (open.length === 0) break;
      await Promise.all(open.map((s) => s.fetch(filter, MIN_PAGE_HINT)));
      continue;
    }
    const best = candidates.reduce<SourceStream | null>((winner, s) => (winner === null || compareKeys(s.buffer[0]!.key, winner.buffer[0]!.key) < 0 ? s : winner), null);
    const bestKey = best?.buffer[0]?.key;
    const blocking = streams.filter((s) => (bestKey ? s.mayPrecede(bestKey) : !s.done));
    if (blocking.length > 0) {
      // One more than still needed (the extra row proves nothing newer waits on the next page),
      // and never tiny pages: a filter applied here may discard most rows.
      const wanted = Math.max(first - edges.length + 1, MIN_PAGE_HINT);
      await Promise.all(blocking.map((s) => s.fetch(filter, wanted)));
      continue;
    }
    if (!best) break;
    const item = best.take();
    edges.push({ cursor: snapshot(), node: item.node });
  }

  const failed = streams.filter((s) => s.failed !== null);
  return {
    edges,
    hasNextPage,
    hasPreviousPage: options.after !== null,
    missingSources: [...new Set(failed.map((s) => s.source.type))],
    failures: failed.map((s) => s.failed!),
    filter,
    sourceKeys,
  };
}
