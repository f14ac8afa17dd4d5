import type { GraphQLError } from 'graphql';
import { z, type ZodType } from 'zod';
import { gqlError } from '../../errors.js';
import type { Metrics } from '../../metrics.js';
import type { SourceRef } from '../../model/index.js';
import { compiled } from './compiled.js';

/**
 * One bad row costs one row. The rows of a list or thread answer are parsed one by one (its
 * envelope strictly): a row the schema cannot read is left out and remembered, the others are
 * answered. The request then reports each left-out row once (a GraphQL error entry, code
 * UPSTREAM_REJECTED, reason UNREADABLE_ROW) and the metric `gateway_upstream_rows_skipped_total`
 * counts it once per upstream answer parsed (not again for the same answer from the cache).
 *
 *   schema:    z.object({ data: z.object({ payload: rowList(conversationSchema) }) })
 *   connector: const rows = client.rows(answer.data.payload, { route: '/conversations', row: 'conversation' })
 */

/** A row the schema could not read. */
export interface SkippedRow {
  /** Its position in the answer's list. */
  index: number;
  /** The platform's id of the row, when it is readable (`idOf`). */
  upstreamId: string | null;
  /** What was wrong (zod paths and messages, never values): for logs and tests, not for clients. */
  problem: string;
}

/** A list answer read row by row. */
export interface RowList<T> {
  rows: T[];
  skipped: SkippedRow[];
  /** How many rows the platform sent, read or not (paging counts these, not only the readable ones). */
  received: number;
}

/** The `id` of a raw row when it is a number or a non-empty string, else null. */
export function upstreamIdOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return typeof id === 'string' && id.trim() !== '' ? id : null;
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(row)'}: ${issue.message}`)
    .join('; ');
}

/**
 * A JSON array (anything else fails the whole answer: a wrong envelope stays UPSTREAM_REJECTED)
 * whose items are parsed one by one with `row`; `idOf` names a row that fails (default: its `id`).
 */
export function rowList<T>(row: ZodType<T>, idOf: (raw: unknown) => string | null = upstreamIdOf): ZodType<RowList<T>> {
  // Compiled on first use (shared/compiled.ts): a readable row never meets zod's interpreter.
  let fast: ZodType<T> | undefined;
  return z.array(z.unknown()).transform((raws): RowList<T> => {
    fast ??= compiled(row);
    const rows: T[] = [];
    const skipped: SkippedRow[] = [];
    for (let index = 0; index < raws.length; index++) {
      const raw = raws[index];
      const parsed = fast.safeParse(raw);
      if (parsed.success) rows.push(parsed.data);
      else skipped.push({ index, upstreamId: idOf(raw), problem: describe(parsed.error) });
    }
    return { rows, skipped, received: raws.length };
  });
}

/** What the rows of a list are, for the error entry: the route template and the row's noun. */
export interface RowListLabel {
  /** The route template the answer came from, e.g. `/conversations/:id/messages`. */
  route: string;
  /** What one row is, e.g. `conversation`, `message`. */
  row: string;
}

/** One left-out row, as a request reports it. */
export interface SkippedRowEntry extends SkippedRow, RowListLabel {
  source: { key: string; type: SourceRef['type'] };
}

/** Answers already counted in the metric (the cache hands the same object to later requests). */
const counted = new WeakSet<object>();

/**
 * The rows one request left out, across its sources: each reported once even when the same
 * answer (or two overlapping pages) is read twice in the request.
 */
export class SkippedRowLog {
  private readonly seenLists = new WeakSet<object>();
  private readonly seenIds = new Set<string>();
  private readonly list: SkippedRowEntry[] = [];

  constructor(private readonly metrics: Metrics | null) {}

  /** Records `list`'s skipped rows (from `ref`'s answer at `label.route`) and returns its readable rows. */
  keep<T>(ref: Pick<SourceRef, 'key' | 'type'>, label: RowListLabel, list: RowList<T>): T[] {
    if (list.skipped.length === 0) return list.rows;
    if (this.metrics && !counted.has(list)) {
      counted.add(list);
      this.metrics.upstreamRowsSkipped.inc({ source: ref.type }, list.skipped.length);
    }
    if (this.seenLists.has(list)) return list.rows;
    this.seenLists.add(list);
    for (const skipped of list.skipped) {
      if (skipped.upstreamId !== null) {
        const key = `${ref.key}\u0000${label.route}\u0000${skipped.upstreamId}`;
        if (this.seenIds.has(key)) continue;
        this.seenIds.add(key);
      }
      this.list.push({ ...skipped, ...label, source: { key: ref.key, type: ref.type } });
    }
    return list.rows;
  }

  get entries(): readonly SkippedRowEntry[] {
    return this.list;
  }

  /** One error entry per left-out row (safe to show: names the source, route and row id, never the body). */
  errors(): GraphQLError[] {
    return this.list.map((entry) => {
      const which = entry.upstreamId === null ? `at position ${entry.index}` : `with id ${entry.upstreamId}`;
      return gqlError('UPSTREAM_REJECTED', `${entry.source.type} sent a ${entry.row} ${which} that the gateway cannot read; it is left out and the other rows are answered`, {
        reason: 'UNREADABLE_ROW',
        source: entry.source.type.toUpperCase(),
        sourceKey: entry.source.key,
        route: entry.route,
        upstreamId: entry.upstreamId,
        index: entry.index,
      });
    });
  }
}
