import type { SimulatorSet } from '../../simulators/index.js';
import type { ChatvoltDb } from '../../simulators/chatvolt/db.js';
import type { IronDb } from '../../simulators/iron/db.js';
import type { VoiceglowDb } from '../../simulators/voiceglow/db.js';
import type { VoxysDb } from '../../simulators/voxys/db.js';
import { truthRows, type TruthRow } from './truth.js';

/**
 * Ground truth for the inbox views and counts, from the simulators' records (never through the
 * connectors): truth.ts's rows plus whether each is unread and overdue, by each platform's own
 * rule as UPSTREAMS.md and MAPPING.md state it.
 */
export interface ViewTruthRow extends TruthRow {
  unread: boolean;
  /** Not RESOLVED, and its SLA overdue. */
  overdue: boolean;
}

export function viewTruthRows(sims: SimulatorSet, now = Date.now()): ViewTruthRow[] {
  return truthRows(sims).map((row) => {
    const { unread, overdue } = flags(sims, row, now);
    return { ...row, unread, overdue: overdue && row.status !== 'RESOLVED' };
  });
}

function flags(sims: SimulatorSet, row: TruthRow, now: number): { unread: boolean; overdue: boolean } {
  switch (row.source) {
    case 'voxys': {
      const db = sims.voxys.db as VoxysDb;
      const c = db.conversations.get(Number(row.upstreamId))!;
      return { unread: db.unreadCount(c) > 0, overdue: voxysOverdue(db, Number(row.upstreamId), now) };
    }
    case 'chatvolt': {
      const db = sims.chatvolt.db as ChatvoltDb;
      // Visitor messages (from a human without a team member's userId) not read yet.
      return { unread: (db.messages.get(row.upstreamId) ?? []).some((m) => m.from === 'human' && m.userId === null && !m.read), overdue: false };
    }
    case 'voiceglow': {
      const db = sims.voiceglow.db as VoiceglowDb;
      const doc = db.listed().find((record) => record.doc.ID === row.upstreamId)!.doc;
      const last = doc.lastMessageTS === undefined ? null : doc.lastMessageTS * (doc.lastMessageTS < 1e12 ? 1000 : 1);
      const unread = last !== null && doc.messagesNum !== 0 && (doc.lastViewed === undefined || doc.lastViewed < last);
      const open = doc.crmActivities.filter((a) => !a.completed && a.dueDate !== undefined).map((a) => Date.parse(a.dueDate!));
      const overdue = doc.crmAlerts ? doc.crmAlerts.overdueActivity : open.length > 0 && Math.min(...open) < now;
      return { unread, overdue };
    }
    case 'iron': {
      const c = (sims.iron.db as IronDb).conversations.get(row.upstreamId)!;
      return { unread: c.unreadCount > 0, overdue: c.sla.overdue };
    }
  }
}

/** Chatwoot's SLA rule (@chatwoot/utils): FRT until the first reply, NRT while a replied conversation waits, RT while open. */
function voxysOverdue(db: VoxysDb, displayId: number, now: number): boolean {
  const c = db.conversations.get(displayId)!;
  const sla = db.settings.slaFeature ? c.applied_sla : null;
  const policy = sla ? db.slaPolicies.get(sla.sla_policy_id) : undefined;
  if (!sla || !policy) return false;
  const deadlines: number[] = [];
  const applied = sla.created_at || null;
  const firstReply = c.first_reply_created_at || null;
  const waiting = c.waiting_since || null;
  const { first_response_time_threshold: frt, next_response_time_threshold: nrt, resolution_time_threshold: rt } = policy;
  if (frt !== null && applied !== null && firstReply === null) deadlines.push(applied + frt);
  if (nrt !== null && firstReply !== null && waiting !== null) deadlines.push(waiting + nrt);
  if (rt !== null && applied !== null && c.status === 'open') deadlines.push(applied + rt);
  return deadlines.length > 0 && Math.min(...deadlines) * 1000 <= now;
}
