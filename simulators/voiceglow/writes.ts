import { z } from 'zod';
import type { SimRequest, SimResponse } from '../common/server.js';
import { stateAlerts, type VoiceglowDb } from './db.js';
import { isDelegation, isLead } from './events.js';
import type { VoiceglowChanges } from './live.js';
import { vgErrors, type VgIssue } from './platform.js';
import type { VgAssignedTo, VgConvoDoc } from './types.js';

/**
 * The write endpoints of VoiceGlow v3 (UPSTREAMS.md § voiceglow, research others.md (b)): the
 * partial update of a convo document and the assign/delegate call. Inputs are checked the way a
 * tRPC-OpenAPI procedure checks them (a strict zod schema, 400 with the failing paths), then the
 * convo is looked up (404), then the rules of the handler apply.
 *
 * Neither endpoint writes to the transcript: they update the lead/convo record (CRM fields, state,
 * tags, assignee), while the notices "X joined the chat" and "Chat ended" come from the live-chat
 * flow (widget and dashboard), which has no REST endpoint. So a write moves `lastModified` but
 * never `lastMessageTS`: the list order and the unread marker stay as they were.
 *
 * Webhooks (events.ts): VoiceGlow reports who handles a chat (`chat_delegated`: every assign,
 * a PATCH that clears the assignee or moves the chat to, from or between the live-handoff states)
 * and a new lead (`lead_captured`: a PATCH that gives an anonymous session contact or deal
 * fields). Tags, the end of a chat and other lead edits go out by no webhook.
 */

/** ASSUMED limits of one tag (the docs give none): trimmed non-empty, at most 50 characters. */
export const TAG_MAX_LENGTH = 50;

const tag = z
  .string()
  .refine((text) => text.trim().length > 0, 'Tag must not be blank')
  .refine((text) => text.length <= TAG_MAX_LENGTH, `Tag must be at most ${TAG_MAX_LENGTH} characters`);
const text = z.string().nullable();

/**
 * The fields a PATCH may set: state, tags, the lead/CRM fields, and clearing the assignee
 * (`assignedTo` / `chatAssignedTo` accept only null here: assigning goes through `/assign`, which
 * checks membership). `null` removes a field. Identity, transcript and derived fields are read-only.
 */
export const patchBody = z.strictObject({
  conversation: z.strictObject({
    state: z.enum(['ai-chatting', 'requested_chat', 'human-chatting', 'ended_chat']).optional(),
    tags: z.array(tag).max(100).optional(),
    title: text.optional(),
    userName: text.optional(),
    userEmail: text.optional(),
    userPhone: text.optional(),
    userCompany: text.optional(),
    notes: text.optional(),
    value: z.number().finite().nullable().optional(),
    currency: text.optional(),
    expectedCloseDate: text.optional(),
    lostReason: text.optional(),
    assignedTo: z.null().optional(),
    chatAssignedTo: z.null().optional(),
  }),
});

export const assignBody = z.strictObject({
  assignToUserId: z.string().min(1),
  /** Who delegated it: stored as given (the platform records it, it does not check it). */
  delegatedBy: z.string().min(1).optional(),
});

type Patch = z.infer<typeof patchBody>['conversation'];

function issuesOf(error: z.ZodError): VgIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
    message: issue.message,
  }));
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** What every write does to the record besides its own fields. */
function touch(db: VoiceglowDb, doc: VgConvoDoc): void {
  doc.lastModified = Math.max(doc.lastModified, seconds(db.clock()));
  if (doc.crmAlerts) Object.assign(doc.crmAlerts, stateAlerts(doc.state));
}

/** Merges a partial update: a value replaces the field (arrays included), null removes it. */
function applyPatch(doc: VgConvoDoc, patch: Patch): void {
  const target = doc as unknown as Record<string, unknown>; // keys come from the strict schema above
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete target[key];
    else target[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
}

const assigneeOf = (doc: VgConvoDoc): string | null => doc.assignedTo?.userId ?? doc.chatAssignedTo ?? null;

export function patchConvo(db: VoiceglowDb, changes: VoiceglowChanges) {
  return (req: SimRequest): SimResponse => {
    const parsed = patchBody.safeParse(req.body);
    if (!parsed.success) return vgErrors.invalidInput(issuesOf(parsed.error));
    const record = db.get(req.params.convoId ?? '');
    if (!record) return vgErrors.convoNotFound();
    const before = { state: record.doc.state, assignee: assigneeOf(record.doc), lead: isLead(record.doc) };
    applyPatch(record.doc, parsed.data.conversation);
    touch(db, record.doc);
    if (isDelegation(before.state, record.doc.state) || before.assignee !== assigneeOf(record.doc)) changes.chatDelegated(record);
    if (!before.lead && isLead(record.doc)) changes.leadCaptured(record);
    return { status: 200, body: { success: true, message: 'Conversation updated successfully' } };
  };
}

export function assignConvo(db: VoiceglowDb, changes: VoiceglowChanges) {
  return (req: SimRequest): SimResponse => {
    const parsed = assignBody.safeParse(req.body);
    if (!parsed.success) return vgErrors.invalidInput(issuesOf(parsed.error));
    const record = db.get(req.params.convoId ?? '');
    if (!record) return vgErrors.convoNotFound();
    const user = db.userById(parsed.data.assignToUserId);
    if (!user) return vgErrors.notAMember();

    const { doc } = record;
    const now = db.clock();
    const assignedTo: VgAssignedTo = { userId: user.userId, name: user.name, email: user.email, assignedAt: new Date(now).toISOString() };
    if (user.photoUrl) assignedTo.photoUrl = user.photoUrl;
    doc.assignedTo = assignedTo;
    // A claimed live chat moves with the assignment (delegation); an unclaimed one stays unclaimed.
    if (doc.chatAssignedTo !== undefined) doc.chatAssignedTo = user.userId;
    if (parsed.data.delegatedBy !== undefined) {
      doc.delegatedBy = parsed.data.delegatedBy;
      doc.delegatedAt = now;
    } else {
      delete doc.delegatedBy;
      delete doc.delegatedAt;
    }
    touch(db, doc);
    changes.chatDelegated(record);
    return {
      status: 200,
      body: { success: true, message: 'Conversation assigned successfully', assignedUser: { id: user.userId, name: user.name, email: user.email } },
    };
  };
}
