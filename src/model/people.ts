import type { SourceRef } from './source.js';

/** The customer side of a conversation. */
export interface ContactModel {
  kind: 'Contact';
  ref: SourceRef;
  upstreamId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  avatarUrl: string | null;
}

/** A human member of the team on that platform (assignee, message sender, lead owner). */
export interface AgentModel {
  kind: 'Agent';
  ref: SourceRef;
  upstreamId: string;
  name: string | null;
  email: string | null;
  avatarUrl: string | null;
}

/** An automated sender (AI agent, bot, system). */
export interface BotModel {
  kind: 'Bot';
  ref: SourceRef;
  upstreamId: string | null;
  name: string | null;
}

export type SenderModel = ContactModel | AgentModel | BotModel;
