import type { ConversationStatus } from '../../src/model/index.js';
import type { SimulatorSet } from '../../simulators/index.js';
import type { ChatvoltDb } from '../../simulators/chatvolt/db.js';
import type { IronDb } from '../../simulators/iron/db.js';
import type { VoiceglowDb } from '../../simulators/voiceglow/db.js';
import type { VoxysDb } from '../../simulators/voxys/db.js';

/**
 * Ground truth for the merged inbox, read straight from the simulators' records (not through
 * the connectors): what each platform holds, in the graph's terms, written from UPSTREAMS.md.
 */
export interface TruthRow {
  source: 'voxys' | 'chatvolt' | 'voiceglow' | 'iron';
  upstreamId: string;
  at: number;
  status: ConversationStatus;
  assignee: string | null;
  labels: string[];
  starred: boolean;
  archived: boolean;
}

const VOXYS_STATUS = { open: 'OPEN', pending: 'PENDING', snoozed: 'SNOOZED', resolved: 'RESOLVED' } as const;
const CHATVOLT_STATUS = { UNRESOLVED: 'OPEN', HUMAN_REQUESTED: 'HUMAN_REQUESTED', RESOLVED: 'RESOLVED' } as const;
const VOICEGLOW_STATUS = { 'ai-chatting': 'OPEN', requested_chat: 'HUMAN_REQUESTED', 'human-chatting': 'OPEN', ended_chat: 'RESOLVED' } as const;

export function truthRows(sims: SimulatorSet): TruthRow[] {
  const rows: TruthRow[] = [];
  const voxys = sims.voxys.db as VoxysDb;
  for (const c of voxys.conversations.values()) {
    rows.push({
      source: 'voxys',
      upstreamId: String(c.display_id),
      at: c.last_activity_at * 1000,
      status: VOXYS_STATUS[c.status],
      assignee: c.assignee_id === null ? null : String(c.assignee_id),
      labels: c.labels,
      starred: false,
      archived: false,
    });
  }
  const chatvolt = sims.chatvolt.db as ChatvoltDb;
  for (const c of chatvolt.conversations.values()) {
    rows.push({
      source: 'chatvolt',
      upstreamId: c.id,
      at: Date.parse(c.updatedAt),
      status: CHATVOLT_STATUS[c.status as keyof typeof CHATVOLT_STATUS],
      assignee: c.assigneeIds[0] ?? null,
      labels: c.tags,
      starred: false,
      archived: false,
    });
  }
  const voiceglow = sims.voiceglow.db as VoiceglowDb;
  for (const { doc } of voiceglow.listed()) {
    rows.push({
      source: 'voiceglow',
      upstreamId: doc.ID,
      at: (doc.lastMessageTS ?? doc.ts) * 1000,
      status: VOICEGLOW_STATUS[doc.state],
      assignee: doc.assignedTo?.userId ?? null,
      labels: doc.tags,
      starred: false,
      archived: false,
    });
  }
  const iron = sims.iron.db as IronDb;
  for (const c of iron.inListOrder()) {
    rows.push({
      source: 'iron',
      upstreamId: c.id,
      at: iron.lastActivityAt(c),
      status: c.archived ? 'RESOLVED' : 'OPEN',
      assignee: c.assignedTo,
      labels: [],
      starred: c.starred,
      archived: c.archived,
    });
  }
  return rows;
}

/** The merged order: newest first, ties by source key then upstream id. */
export function mergedOrder(rows: TruthRow[]): string[] {
  return [...rows].sort((a, b) => b.at - a.at || (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0)).map((r) => `${r.source}:${r.upstreamId}`);
}

function keyOf(row: TruthRow): string {
  return `${row.source}\u0000${row.upstreamId}`;
}
