/**
 * The records the Chatvolt simulator keeps, in Chatvolt's own vocabulary (Chaindesk's Prisma
 * schema and Chatvolt's OpenAPI: specs/conversations.yaml, specs/crm.yaml). Timestamps are ISO-8601
 * strings, as the API sends them. Relations are kept as ids here and expanded by views.ts.
 */

export type ConversationStatus = 'RESOLVED' | 'UNRESOLVED' | 'HUMAN_REQUESTED';
export type ConversationPriority = 'LOW' | 'MEDIUM' | 'HIGH';
export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ['UNRESOLVED', 'HUMAN_REQUESTED', 'RESOLVED'];
export const CONVERSATION_PRIORITIES: readonly ConversationPriority[] = ['LOW', 'MEDIUM', 'HIGH'];

/** Chaindesk's ConversationChannel plus the channels Chatvolt added (docs.chatvolt.ai/agent/prompt-variables). */
export const CONVERSATION_CHANNELS = [
  'dashboard',
  'website',
  'whatsapp',
  'zapi',
  'instagram',
  'instagramDm',
  'telegram',
  'mail',
  'api',
  'form',
  'slack',
  'crisp',
  'zapier',
  'mercadolivre',
  'chatbox',
] as const;
export type ConversationChannel = (typeof CONVERSATION_CHANNELS)[number];

/** An AI agent of the organization (Chatvolt's "agents" are the bots, not people). */
export interface AiAgentRecord {
  id: string;
  name: string;
}

/** A member of the organization: `id` is the membership id (what assignees and `assign` use). */
export interface MembershipRecord {
  id: string;
  role: 'OWNER' | 'ADMIN' | 'USER';
  user: { id: string; name: string; email: string };
}

/** A Chatvolt user of another organization (e.g. a former member): known by email, not a member here. */
export interface OutsiderRecord {
  id: string;
  name: string;
  email: string;
}

export interface ContactRecord {
  id: string;
  organizationId: string;
  email: string | null;
  phoneNumber: string | null;
  firstName: string | null;
  lastName: string | null;
  externalId: string | null;
  picture: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

export interface AttachmentRecord {
  id: string;
  url: string;
  name: string;
  mimeType: string;
  size: number;
  createdAt: string;
}

export interface MessageRecord {
  id: string;
  text: string;
  html: string | null;
  /** `human`: the visitor/contact, or a team member replying from the inbox (then `userId` is set); `agent`: the AI agent. */
  from: 'human' | 'agent';
  conversationId: string;
  sources: unknown[] | null;
  usage: Record<string, unknown> | null;
  externalId: string | null;
  userId: string | null;
  contactId: string | null;
  visitorId: string | null;
  agentId: string | null;
  metadata: Record<string, unknown> | null;
  inputId: string | null;
  eval: 'good' | 'bad' | null;
  read: boolean;
  agentModel: string | null;
  usageCredits: number | null;
  attachments: AttachmentRecord[];
  createdAt: string;
  updatedAt: string;
}

/** A message before `appendMessage` stores it (and gives it its id, conversation and times). */
export type MessageDraft = Omit<MessageRecord, 'id' | 'conversationId' | 'createdAt' | 'updatedAt'>;

/**
 * A message written now through the API or the live feed: every column the write does not set
 * empty, read, no attachments. The key order is the record's, which is the order `messageJson` sends.
 */
export function messageDraft({ text, from, ...fields }: Pick<MessageDraft, 'text' | 'from'> & Partial<MessageDraft>): MessageDraft {
  return {
    text,
    html: null,
    from,
    sources: null,
    usage: null,
    externalId: null,
    userId: null,
    contactId: null,
    visitorId: null,
    agentId: null,
    metadata: null,
    inputId: null,
    eval: null,
    read: true,
    agentModel: null,
    usageCredits: null,
    attachments: [],
    ...fields,
  };
}

/** One conversation's link to a CRM scenario (CrmScenarioConversation). */
export interface ScenarioLinkRecord {
  id: string;
  scenarioId: string;
  stepId: string;
  /** False once the conversation left the scenario (it is active in one scenario at a time). */
  available: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ConversationRecord {
  id: string;
  title: string | null;
  isAiEnabled: boolean;
  channel: ConversationChannel;
  status: ConversationStatus;
  metadata: Record<string, unknown> | null;
  channelExternalId: string | null;
  channelCredentialsId: string | null;
  organizationId: string;
  mailInboxId: string | null;
  /** Non-null on Chatvolt (default MEDIUM); null only on a few legacy rows (ASSUMED the API then sends null). */
  priority: ConversationPriority | null;
  formId: string | null;
  agentId: string | null;
  userId: string | null;
  visitorId: string | null;
  frustration: number | null;
  createdAt: string;
  updatedAt: string;
  contactIds: string[];
  conversationVariables: { varName: string; varValue: string }[];
  conversationContexts: { context: string | null; updatedAt: string }[];
  /** Membership ids. Chatvolt's `assign` replaces the assignment, so there is at most one. */
  assigneeIds: string[];
  tags: string[];
  scenarioLinks: ScenarioLinkRecord[];
}

export interface ScenarioRecord {
  id: string;
  name: string;
  description: string | null;
  organizationId: string;
  createdAt: string;
  updatedAt: string;
}

export interface StepRecord {
  id: string;
  scenarioId: string;
  name: string;
  index: number;
  prompt: string | null;
  trigger: string | null;
  initialMessage: string | null;
  agentId: string | null;
  autoNextStepId: string | null;
  autoNextTime: number | null;
  autoNextTimeUnit: 'm' | 'h' | 'd' | null;
  defaultStatus: ConversationStatus | null;
  defaultPriority: ConversationPriority | null;
  defaultAiControl: boolean | null;
  assigneeLogicType: 'none' | 'clear' | 'single_user' | 'random_selected' | 'fair_distribution_selected' | null;
  selectedMembershipIdsForAssignee: string[];
  isRequired: boolean;
  isConversationRemovalStep: boolean;
  defaultTags: string[];
  defaultTagsToRemove: string[];
  organizationId: string;
  createdAt: string;
  updatedAt: string;
}
