import type { AgentModel, CompanyModel, FunnelCardModel, LeadModel, LeadStatus, SourceRef, TaskModel } from '../../model/index.js';
import { blankToNull } from './mapping.js';
import type { CrmAgentJson, FunnelCardJson, LeadJson, TaskJson } from './crm-schemas.js';

/** The Voxys CRM add-on's JSON (ISO-8601 times) → the graph's model (MAPPING.md, "CRM"). */

const LEAD_STATUS_FROM_UPSTREAM: Record<string, LeadStatus> = { open: 'OPEN', won: 'WON', lost: 'LOST', snoozed: 'SNOOZED' };

const TASK_STATUS_FROM_UPSTREAM: Record<TaskJson['status'], TaskModel['status']> = { pending: 'PENDING', completed: 'COMPLETED', cancelled: 'CANCELLED' };

const TASK_PRIORITY_FROM_UPSTREAM: Record<NonNullable<TaskJson['priority']>, NonNullable<TaskModel['priority']>> = { low: 'LOW', medium: 'MEDIUM', high: 'HIGH' };

function fromIso(text: string | null | undefined): Date | null {
  return text ? new Date(text) : null;
}

function toCrmAgent(ref: SourceRef, json: CrmAgentJson | null | undefined): AgentModel | null {
  if (!json) return null;
  return { kind: 'Agent', ref, upstreamId: String(json.id), name: blankToNull(json.name), email: blankToNull(json.email), avatarUrl: blankToNull(json.avatar_url) };
}

/** The lead's company object; one with neither an id nor a name names nothing. */
function toCompany(ref: SourceRef, json: LeadJson['company']): CompanyModel | null {
  if (!json) return null;
  const name = blankToNull(json.name);
  if ((json.id === null || json.id === undefined) && name === null) return null;
  return { ref, upstreamId: json.id === null || json.id === undefined ? null : String(json.id), name, domain: blankToNull(json.domain) };
}

/** Money needs both parts: a value without a currency is not shown rather than guessed. */
export function toLead(ref: SourceRef, json: LeadJson, conversationUpstreamId: string): LeadModel {
  const value = json.lead_value !== null && json.lead_value !== undefined && json.lead_currency ? { amount: json.lead_value, currency: json.lead_currency.toUpperCase() } : null;
  return {
    ref,
    conversationUpstreamId,
    upstreamId: String(json.id),
    name: blankToNull(json.custom_name),
    status: (json.status ? LEAD_STATUS_FROM_UPSTREAM[json.status] : undefined) ?? null,
    value,
    company: toCompany(ref, json.company),
    notes: blankToNull(json.notes),
    score: null,
    hotScore: null,
    customAttributes: json.custom_attributes,
    // Voxys keeps no CRM alerts, expected close date or lost reason on a lead.
    alerts: null,
    expectedCloseAt: null,
    lostReason: null,
    owner: toCrmAgent(ref, json.assigned_agent),
    createdAt: fromIso(json.created_at),
    updatedAt: fromIso(json.updated_at),
  };
}

/** The card names only ids: Voxys has no documented read of funnel or stage names. */
export function toFunnelCard(ref: SourceRef, json: FunnelCardJson, conversationUpstreamId: string): FunnelCardModel {
  return {
    ref,
    conversationUpstreamId,
    upstreamId: String(json.id),
    funnelId: String(json.funnel_id),
    funnelName: null,
    stageId: String(json.funnel_stage_id),
    stageName: null,
    position: json.position ?? null,
    createdAt: fromIso(json.created_at),
    updatedAt: fromIso(json.updated_at),
  };
}

export function toTask(ref: SourceRef, json: TaskJson, conversationUpstreamId: string): TaskModel {
  return {
    ref,
    conversationUpstreamId,
    upstreamId: String(json.id),
    title: json.title,
    description: blankToNull(json.description),
    status: TASK_STATUS_FROM_UPSTREAM[json.status],
    priority: json.priority ? TASK_PRIORITY_FROM_UPSTREAM[json.priority] : null,
    dueAt: fromIso(json.due_at),
    completedAt: fromIso(json.completed_at),
    assignee: toCrmAgent(ref, json.assigned_to),
  };
}
