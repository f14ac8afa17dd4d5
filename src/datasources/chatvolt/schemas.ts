import { z } from 'zod';

/**
 * The Chatvolt JSON the connector reads (specs/conversations.yaml, specs/crm.yaml of the official
 * OpenAPI). Strict on the fields we use, lenient on everything else (unknown keys are dropped).
 */

const timestamp = z.iso.datetime({ offset: true });
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

export const contactSchema = z.object({
  id: z.string(),
  email: optionalText,
  phoneNumber: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  picture: optionalText,
  metadata: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((v) => v ?? null),
});

export const assigneeSchema = z.object({
  /** The membership id: our identity of a team member in this source. */
  id: z.string(),
  user: z.object({ id: z.string(), name: optionalText, email: optionalText }),
});

export const scenarioLinkSchema = z.object({
  available: z.boolean(),
  scenario: z.object({ id: z.string(), name: optionalText }),
  step: z
    .object({ id: z.string(), name: optionalText })
    .nullish()
    .transform((v) => v ?? null),
  createdAt: timestamp.nullish().transform((v) => v ?? null),
  updatedAt: timestamp.nullish().transform((v) => v ?? null),
});

/** `ConversationDetailed`: each item of `GET /conversation` and the body of `GET /conversation/{id}`. */
export const conversationSchema = z.object({
  id: z.string(),
  title: optionalText,
  isAiEnabled: z.boolean(),
  channel: z.string(),
  status: z.enum(['RESOLVED', 'UNRESOLVED', 'HUMAN_REQUESTED']),
  // Chatvolt defaults it to MEDIUM; tolerate null/absent rather than reject a whole inbox.
  priority: z
    .enum(['LOW', 'MEDIUM', 'HIGH'])
    .nullish()
    .transform((v) => v ?? null),
  agentId: optionalText,
  visitorId: optionalText,
  createdAt: timestamp,
  updatedAt: timestamp,
  participantsContacts: z
    .array(contactSchema)
    .nullish()
    .transform((v) => v ?? []),
  assignees: z
    .array(assigneeSchema)
    .nullish()
    .transform((v) => v ?? []),
  tags: z
    .array(z.object({ tag: z.string() }))
    .nullish()
    .transform((v) => v ?? []),
  /** Only on `GET /conversation/{id}`. */
  crmScenarioConversations: z
    .array(scenarioLinkSchema)
    .nullish()
    .transform((v) => v ?? []),
});

export const conversationListSchema = z.array(conversationSchema);

export const attachmentSchema = z.object({ url: z.string(), name: optionalText, mimeType: optionalText });

export const messageSchema = z.object({
  id: z.string(),
  text: optionalText,
  from: z.enum(['human', 'agent']),
  userId: optionalText,
  contactId: optionalText,
  visitorId: optionalText,
  agentId: optionalText,
  read: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  attachments: z
    .array(attachmentSchema)
    .nullish()
    .transform((v) => v ?? []),
  createdAt: timestamp,
});

/** `GET /conversation/{id}/messages/{count}`: the last `count` messages. */
export const messagesEnvelopeSchema = z.object({ messages: z.array(messageSchema) });

export const scenarioSchema = z.object({ id: z.string(), name: z.string(), description: optionalText });
export const scenarioListSchema = z.array(scenarioSchema);

export const stepSchema = z.object({
  id: z.string(),
  name: z.string(),
  index: z
    .number()
    .int()
    .nullish()
    .transform((v) => v ?? null),
});
export const stepListSchema = z.array(stepSchema);

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
