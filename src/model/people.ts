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

/**
 * An automated sender or assignee (AI agent, bot, system). Its graph id carries the type `Bot`, so
 * it never equals an Agent's id even where the platform numbers bots and users alike.
 */
export interface BotModel {
  kind: 'Bot';
  ref: SourceRef;
  /** null when the platform does not say which bot (its graph id then names the source's own AI agent). */
  upstreamId: string | null;
  name: string | null;
}

export type SenderModel = ContactModel | AgentModel | BotModel;

/** Who holds a conversation: a human agent or a bot. */
export type AssigneeModel = AgentModel | BotModel;
