import type { SlaModel } from '../../model/index.js';
import { withOverdue, type SlaClock } from '../shared/sla-clock.js';
import type { ConversationJson } from './schemas.js';

/** Chatwoot renders an unset `*_at` int as 0. */
function unixOrNull(seconds: number | null | undefined): number | null {
  return seconds ? seconds : null;
}

/**
 * Chatwoot's SLA as its UI evaluates it (@chatwoot/utils): FRT applies until the first human reply
 * (deadline applied_sla.created_at + FRT), NRT while a replied conversation waits on us
 * (waiting_since + NRT), RT while it is open (applied_sla.created_at + RT). `dueAt` is the earliest
 * applicable deadline and `overdue` whether it has passed. No applied SLA (absent, null or `{}`) → null; an SLA with
 * nothing applicable (e.g. resolved, nobody waiting) → no due date, not overdue.
 */
/** `open`: whether the conversation is open (its mapped status, so a row without a status counts as the list's). */
export function toSla(conversation: ConversationJson, now: SlaClock, open: boolean): SlaModel | null {
  const sla = conversation.applied_sla;
  if (!sla) return null;
  const firstReply = unixOrNull(conversation.first_reply_created_at);
  const waitingSince = unixOrNull(conversation.waiting_since);
  // FRT and RT run from when the SLA was applied: without that time they cannot be placed.
  const applied = unixOrNull(sla.created_at);
  const frt = sla.sla_first_response_time_threshold ?? null;
  const nrt = sla.sla_next_response_time_threshold ?? null;
  const rt = sla.sla_resolution_time_threshold ?? null;
  const policyName = sla.sla_name ? sla.sla_name : null;
  // Each applicable deadline with the threshold (seconds) it comes from: the earliest one is due.
  const deadlines: [at: number, threshold: number][] = [];
  if (frt !== null && applied !== null && firstReply === null) deadlines.push([applied + frt, frt]);
  if (nrt !== null && firstReply !== null && waitingSince !== null) deadlines.push([waitingSince + nrt, nrt]);
  if (rt !== null && applied !== null && open) deadlines.push([applied + rt, rt]);
  if (deadlines.length === 0) return { dueAt: null, overdue: false, policyName, targetMinutes: null };
  const [at, threshold] = deadlines.reduce((earliest, deadline) => (deadline[0] < earliest[0] ? deadline : earliest));
  // Unix seconds (possibly fractional) to a Date, as `fromUnix` in mapping.ts.
  const dueAt = new Date(Math.round(at * 1000));
  return withOverdue({ dueAt, policyName, targetMinutes: Math.round(threshold / 60) }, null, now, true);
}
