import type { LeadAlertsModel, LeadModel, MoneyModel, SourceRef, TaskModel } from '../../model/index.js';
import { assigneeOf, epochToDate, isoToDate } from './mapping.js';
import type { VgConvoDocument } from './schemas.js';

/** VoiceGlow's CRM in our model: the convo document is the lead, its CRM activities are tasks. */

function moneyOf(doc: VgConvoDocument): MoneyModel | null {
  if (doc.value === null || doc.value === undefined || !Number.isFinite(doc.value) || !doc.currency?.trim()) return null;
  return { amount: doc.value, currency: doc.currency.trim().toUpperCase() };
}

/** `crmAlerts` as the platform computed them; none (or `{}`, no flag at all) is null. */
function alertsOf(doc: VgConvoDocument): LeadAlertsModel | null {
  const alerts = doc.crmAlerts;
  if (!alerts) return null;
  const model: LeadAlertsModel = {
    overdueExpectedClose: alerts.overdueECD,
    overdueActivity: alerts.overdueActivity,
    stale: alerts.staleLead,
    responded: alerts.responded,
    newHandoffAssigned: alerts.newHandoffAssigned,
  };
  return Object.values(model).every((flag) => flag === null) ? null : model;
}

/**
 * The convo document IS the lead; an anonymous session (no contact or deal field at all) has none.
 * `conversationUpstreamId` is the conversation it is reached through (the same convo).
 */
export function toLead(ref: SourceRef, doc: VgConvoDocument, conversationUpstreamId: string): LeadModel | null {
  const known = [doc.userName, doc.userEmail, doc.userPhone, doc.userCompany].some((field) => field?.trim()) || doc.value != null;
  if (!known) return null;
  return {
    ref,
    conversationUpstreamId,
    upstreamId: doc.ID,
    name: doc.userName ?? null,
    status: doc.lostReason?.trim() ? 'LOST' : 'OPEN',
    value: moneyOf(doc),
    // A company name only: VoiceGlow has no company objects.
    company: doc.userCompany?.trim() ? { ref, upstreamId: null, name: doc.userCompany, domain: null } : null,
    notes: doc.notes ?? null,
    score: doc.leadScore ?? null,
    hotScore: doc.hotScore ?? null,
    customAttributes: null,
    alerts: alertsOf(doc),
    expectedCloseAt: doc.expectedCloseDate ? new Date(doc.expectedCloseDate) : null,
    lostReason: doc.lostReason?.trim() ? doc.lostReason : null,
    owner: assigneeOf(ref, doc),
    createdAt: epochToDate(doc.ts),
    updatedAt: epochToDate(doc.lastModified),
  };
}

/** CRM activities are the lead's follow-up tasks (no priority, no assignee, no completion time on VoiceGlow). */
export function toTasks(ref: SourceRef, doc: VgConvoDocument, conversationUpstreamId: string): TaskModel[] {
  return (doc.crmActivities ?? []).map((activity) => ({
    ref,
    conversationUpstreamId,
    upstreamId: activity.id,
    // The graph's title is required: an untitled activity shows an empty one.
    title: activity.title ?? '',
    description: activity.note ?? null,
    status: activity.completed ? 'COMPLETED' : 'PENDING',
    priority: null,
    dueAt: isoToDate(activity.dueDate),
    completedAt: null,
    assignee: null,
  }));
}
