import { z } from 'zod';
import { rowList } from '../shared/index.js';
import { lenientList, optional, optionalBoolean, optionalEnum, optionalNumber, optionalText, optionalTimestamp, orElse, readableItems, timestampText } from '../shared/lenient.js';

/**
 * The Chatvolt JSON the connector reads (specs/conversations.yaml, specs/crm.yaml of the official
 * OpenAPI). Unknown keys are dropped.
 */

/**
 * What a row cannot do without is required (ids; a conversation's time, since the inbox is ordered
 * by it; a message's time); every other field is optional (lenient.ts): absent, null or of another
 * type, it reads as null, `[]` or the platform's own default. The published description
 * (specs/conversations.yaml) marks no field required; where a field is missing, the mapping uses
 * the default Chaindesk's Prisma schema gives it (status UNRESOLVED, from human). MAPPING.md,
 * "Where each shape comes from", names the source of each field.
 */

export const contactSchema = z.object({
  id: z.string().min(1),
  email: optionalText,
  phoneNumber: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  picture: optionalText,
  metadata: optional(z.record(z.string(), z.unknown())),
});

export const assigneeSchema = z.object({
  /** The membership id: our identity of a team member in this source. */
  id: z.string().min(1),
  /** Documented with `{id, name, email}`; a member without it is known by membership id only. */
  user: optional(z.object({ id: optionalText, name: optionalText, email: optionalText })),
});

export const scenarioLinkSchema = z.object({
  /** Documented as a boolean; a link that does not say is taken as no longer active. */
  available: orElse(z.boolean(), false),
  scenario: z.object({ id: z.string().min(1), name: optionalText }),
  step: optional(z.object({ id: z.string().min(1), name: optionalText })),
  createdAt: optionalTimestamp,
  updatedAt: optionalTimestamp,
});

/** Conversation variables (`{varName, varValue}`, seed 002); one without a name is left out of the list. */
const readableVariables = readableItems(z.object({ varName: z.string().min(1), varValue: z.json().optional() }));

export const CHATVOLT_STATUSES = ['RESOLVED', 'UNRESOLVED', 'HUMAN_REQUESTED'] as const;
export const CHATVOLT_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;

/** `ConversationDetailed`: each item of `GET /conversation` and the body of `GET /conversation/{id}`. */
export const conversationSchema = z
  .object({
    id: z.string().min(1),
    title: optionalText,
    /** Unknown when absent (Prisma defaults it to true, but a missing switch is not a fact). */
    isAiEnabled: optionalBoolean,
    channel: optionalText,
    /** Absent or a status Chatvolt added later: UNRESOLVED, Prisma's default. */
    status: orElse(z.enum(CHATVOLT_STATUSES), 'UNRESOLVED'),
    // Chatvolt defaults it to MEDIUM; a legacy row may carry null.
    priority: optionalEnum(CHATVOLT_PRIORITIES),
    agentId: optionalText,
    visitorId: optionalText,
    participantsContacts: lenientList(contactSchema),
    assignees: lenientList(assigneeSchema),
    tags: lenientList(z.object({ tag: z.string() })),
    /** "Frustration level of the conversation, if applicable" (seed 002): a number, passed as sent. */
    frustration: optionalNumber,
    /**
     * `[{varName, varValue}]` (seed 002); a variable without a name is left out. Absent or not a
     * list: null (unknown), unlike `[]` (none set).
     */
    conversationVariables: optional(z.array(z.unknown()).transform(readableVariables)),
    /** Only on `GET /conversation/{id}`, and only "when the conversation is linked to CRM scenarios" (seed 002). */
    crmScenarioConversations: lenientList(scenarioLinkSchema),
    // Last, in this order: where the transform below puts them.
    createdAt: optionalTimestamp,
    updatedAt: optionalTimestamp,
  })
  // The inbox is ordered by last activity: a conversation with no time at all cannot be placed.
  .refine((c) => c.updatedAt !== null || c.createdAt !== null, { message: 'a conversation needs updatedAt or createdAt', path: ['updatedAt'] })
  // In place: zod built this object for us (a rest-spread copy cost more than reading the row).
  .transform((c) => {
    c.updatedAt ??= c.createdAt;
    return c as Omit<typeof c, 'updatedAt'> & { updatedAt: string };
  });

/** The list: read row by row, an unreadable row is left out and reported (shared/rows.ts). */
export const conversationListSchema = rowList(conversationSchema);

/** Not in the published Message schema (Prisma's relation); one without a URL is left out. */
export const attachmentSchema = z.object({ url: z.string().min(1), name: optionalText, mimeType: optionalText });

export const messageSchema = z
  .object({
    id: z.string().min(1),
    text: optionalText,
    userId: optionalText,
    contactId: optionalText,
    visitorId: optionalText,
    agentId: optionalText,
    read: orElse(z.boolean(), false),
    attachments: lenientList(attachmentSchema),
    createdAt: timestampText,
    // Last: where the transform below leaves it.
    from: optionalEnum(['human', 'agent']),
  })
  // Without `from`: the AI agent's when only `agentId` names a sender, else `human` (Prisma's default).
  // In place: zod built this object for us (a rest-spread copy cost more than reading the row).
  .transform((message) => {
    message.from ??= message.agentId !== null && message.userId === null && message.contactId === null && message.visitorId === null ? 'agent' : 'human';
    return message as Omit<typeof message, 'from'> & { from: 'human' | 'agent' };
  });

/** `GET /conversation/{id}/messages/{count}`: the last `count` messages. */
export const messagesEnvelopeSchema = z.object({ messages: rowList(messageSchema) });

export const scenarioSchema = z.object({ id: z.string().min(1), name: optionalText, description: optionalText });
export const scenarioListSchema = rowList(scenarioSchema);

export const stepSchema = z.object({
  id: z.string().min(1),
  name: orElse(z.string(), ''),
  index: optional(z.number().int()),
});
export const stepListSchema = rowList(stepSchema);

/**
 * What the set-*, assign and move endpoints answer: documented as `{success, message}` (move: the
 * AlterStepResult), but the set-status page shows a whole conversation. Only the HTTP status is
 * relied on; the following read shows the change.
 */
export const ackSchema = z.looseObject({});

/** `POST /conversation/message/conversationId/{id}` → `{success, message: Message}`. */
export const sentMessageSchema = z.object({ message: messageSchema });

export type ChatvoltContact = z.infer<typeof contactSchema>;
export type ChatvoltAssignee = z.infer<typeof assigneeSchema>;
export type ChatvoltScenarioLink = z.infer<typeof scenarioLinkSchema>;
export type ChatvoltConversation = z.infer<typeof conversationSchema>;
export type ChatvoltMessage = z.infer<typeof messageSchema>;
export type ChatvoltScenario = z.infer<typeof scenarioSchema>;
export type ChatvoltStep = z.infer<typeof stepSchema>;
