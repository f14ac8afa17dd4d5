import type { VoxysDb } from './db.js';
import type { ConversationRow, LeadRow, TaskRow } from './records.js';

/** Rows → the Voxys CRM add-on's JSON (its pages show ISO-8601 strings, seed 000). */

type Json = Record<string, unknown>;

/** The Voxys CRM pages' ISO-8601 without fractions (`2023-11-07T05:31:56Z`). */
export function isoTime(unixSeconds: number | null): string | null {
  return unixSeconds === null ? null : new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function crmAgent(db: VoxysDb, userId: number | null): Json | null {
  const user = userId === null ? undefined : db.users.get(userId);
  return user ? { id: user.id, name: user.name, email: user.email, avatar_url: user.thumbnail } : null;
}

export function leadJson(db: VoxysDb, lead: LeadRow): Json {
  const company = lead.company_id === null ? undefined : db.companies.get(lead.company_id);
  return {
    id: lead.id,
    custom_name: lead.custom_name,
    status: lead.status,
    lead_value: lead.lead_value,
    lead_currency: lead.lead_currency,
    position: lead.position,
    notes: lead.notes,
    assigned_agent: crmAgent(db, lead.assigned_agent_id),
    company: company ? { id: company.id, name: company.name, domain: company.domain } : null,
    conversation_id: lead.conversation_id,
    custom_attributes: lead.custom_attributes,
    created_at: isoTime(lead.created_at),
    updated_at: isoTime(lead.updated_at),
  };
}

export function taskJson(db: VoxysDb, task: TaskRow): Json {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    due_at: isoTime(task.due_at),
    completed_at: isoTime(task.completed_at),
    taskable_type: task.taskable_type,
    taskable_id: task.taskable_id,
    assigned_to: crmAgent(db, task.assigned_to_id),
    created_at: isoTime(task.created_at),
    updated_at: isoTime(task.updated_at),
  };
}

/** `GET /conversations/{id}/crm` (seed 000). */
export function crmSidebarJson(db: VoxysDb, conversation: ConversationRow): Json {
  const lead = db.leadOfConversation(conversation.display_id);
  const card = lead ? db.cardOfLead(lead.id) : null;
  return {
    conversation_id: conversation.display_id,
    linked_lead: lead ? leadJson(db, lead) : null,
    linked_funnel_card:
      lead && card
        ? {
            id: card.id,
            funnel_id: card.funnel_id,
            funnel_stage_id: card.funnel_stage_id,
            lead: leadJson(db, lead),
            position: card.position,
            created_at: isoTime(card.created_at),
            updated_at: isoTime(card.updated_at),
          }
        : null,
    follow_up_tasks: db.followUpTasks(conversation.display_id).map((task) => taskJson(db, task)),
  };
}
