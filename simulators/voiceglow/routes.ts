import { decodeKeysetCursor, encodeKeysetCursor } from '../common/keyset-cursor.js';
import type { SimRequest, SimResponse, SimRoute } from '../common/server.js';
import { compareListOrder, type VoiceglowDb } from './db.js';
import { vgErrors } from './platform.js';
import type { VoiceglowChanges } from './live.js';
import type { VgConvoDoc, VgConvoRecord } from './types.js';
import { assignConvo, patchConvo } from './writes.js';

/** The list endpoint never returns more than this many rows, whatever `limit` asks (convocore-mcp). */
export const LIST_LIMIT_MAX = 20;

/** The list cursor: the sort key of the last row served. */
function encodeCursor(record: VgConvoRecord): string {
  return encodeKeysetCursor({ t: record.doc.lastMessageTS ?? record.doc.ts, id: record.doc.ID });
}

const ok = (message: string, data: unknown, extra: Record<string, unknown> = {}): SimResponse => ({
  status: 200,
  body: { success: true, message, data, ...extra },
});

/** `changes` hears the writes the platform reports by webhook (a no-op by default). */
export function voiceglowRoutes(db: VoiceglowDb, changes: VoiceglowChanges = { chatDelegated: () => undefined, leadCaptured: () => undefined }): SimRoute[] {
  /** Runs the handler only for the workspace's own agent (others: the platform's 403). */
  const forAgent =
    (handler: (req: SimRequest) => SimResponse) =>
    (req: SimRequest): SimResponse =>
      req.params.agentId === db.agentId ? handler(req) : vgErrors.agentNotOwned();

  const listConvos = (req: SimRequest): SimResponse => {
    const limitText = req.query.get('limit');
    const limit = limitText === null ? LIST_LIMIT_MAX : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1) return vgErrors.badRequest('limit must be a positive integer');
    const cursorText = req.query.get('cursor');
    const page = req.query.get('page');
    if (cursorText === null && page !== null && page !== '1') return vgErrors.badRequest('page > 1 requires a cursor: use nextCursor');
    const cursor = cursorText === null ? null : decodeKeysetCursor(cursorText);
    if (cursorText !== null && cursor === null) return vgErrors.badRequest('Invalid cursor');

    const rows = db.listed();
    const start = cursor === null ? 0 : rows.findIndex((record) => compareListOrder(record.doc, { ID: cursor.id, lastMessageTS: cursor.t, ts: cursor.t }) > 0);
    const from = start === -1 ? rows.length : start;
    const slice = rows.slice(from, from + Math.min(limit, LIST_LIMIT_MAX, db.listPageMax));
    const hasMore = from + slice.length < rows.length;
    const last = slice[slice.length - 1];
    return ok(
      'Conversations retrieved successfully',
      slice.map((record) => db.listRow(record)),
      {
        hasMore,
        nextCursor: hasMore && last ? encodeCursor(last) : null,
      },
    );
  };

  const getConvo = (req: SimRequest): SimResponse => {
    const record = db.get(req.params.convoId ?? '');
    if (!record) return vgErrors.convoNotFound();
    return ok('Conversation retrieved successfully', withoutEmptyLists(structuredClone(record.doc)));
  };

  const exportConvo = (req: SimRequest): SimResponse => {
    const record = db.get(req.params.convoId ?? '');
    if (!record) return vgErrors.convoNotFound();
    const format = req.query.get('format') ?? 'json';
    if (format === 'json') return ok('Conversation exported successfully', { convoId: record.doc.ID, turns: structuredClone(record.turns) });
    if (format === 'csv') return { status: 200, text: toCsv(record), headers: { 'content-type': 'text/csv; charset=utf-8' } };
    return vgErrors.badRequest('format must be json or csv');
  };

  return [
    { method: 'GET', path: '/v3/agents/:agentId/convos', summary: 'List conversations (newest first, cursor paging, limit <= 20)', handler: forAgent(listConvos) },
    { method: 'GET', path: '/v3/agents/:agentId/convos/:convoId', summary: 'Get one conversation (the full lead/convo document)', handler: forAgent(getConvo) },
    { method: 'GET', path: '/v3/agents/:agentId/convos/:convoId/export', summary: 'Export one conversation transcript (format=json|csv)', handler: forAgent(exportConvo) },
    {
      method: 'PATCH',
      path: '/v3/agents/:agentId/convos/:convoId',
      summary: 'Update a conversation: state, tags, lead fields (partial; arrays replace)',
      handler: forAgent(patchConvo(db, changes)),
    },
    {
      method: 'POST',
      path: '/v3/agents/:agentId/convos/:convoId/assign',
      summary: 'Assign / delegate a conversation to a workspace member',
      handler: forAgent(assignConvo(db, changes)),
    },
  ];
}

/**
 * The document as the platform stores it: a list field nobody ever wrote (no tags, no CRM activity,
 * no handoff yet) is absent, not `[]` (ASSUMED: Firestore documents carry only the fields set).
 */
export function withoutEmptyLists(doc: VgConvoDoc): Partial<VgConvoDoc> {
  return Object.fromEntries(Object.entries(doc).filter(([, value]) => !(Array.isArray(value) && value.length === 0)));
}

function toCsv(record: VgConvoRecord): string {
  const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;
  const lines = ['ts,from,type,message'];
  for (const turn of record.turns) {
    for (const message of turn.messages) {
      lines.push([String(message.ts), turn.from, message.type, quote(message.item.payload.message ?? '')].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
