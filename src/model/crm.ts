import type { AgentModel } from './people.js';
import type { SourceRef } from './source.js';

export interface MoneyModel {
  /** In major units (15000 = 15,000.00). */
  amount: number;
  /** ISO 4217 code, upper case. */
  currency: string;
}

export type LeadStatus = 'OPEN' | 'WON' | 'LOST' | 'SNOOZED';

/** A JSON object as a platform sent it (custom attributes, variables): passed through as is. */
export type JsonObject = { [key: string]: JsonData };
export type JsonData = string | number | boolean | null | JsonData[] | JsonObject;

/**
 * The customer's company. Voxys has company objects (`{id, name, domain}`); elsewhere it is only a
 * name (VoiceGlow `userCompany`): `upstreamId` and `domain` are then null.
 */
export interface CompanyModel {
  ref: SourceRef;
  /** The platform's company id; null where the platform has no company objects. */
  upstreamId: string | null;
  name: string | null;
  domain: string | null;
}

/** VoiceGlow's `crmAlerts` flags; each null when the platform left it out. */
export interface LeadAlertsModel {
  overdueExpectedClose: boolean | null;
  overdueActivity: boolean | null;
  stale: boolean | null;
  responded: boolean | null;
  newHandoffAssigned: boolean | null;
}

export interface LeadModel {
  ref: SourceRef;
  /** The upstream id of the conversation it was reached through: part of its global id. */
  conversationUpstreamId: string;
  upstreamId: string;
  name: string | null;
  status: LeadStatus | null;
  value: MoneyModel | null;
  company: CompanyModel | null;
  notes: string | null;
  /** 0–100 where the platform scores leads (VoiceGlow `leadScore`: funnel points), else null. */
  score: number | null;
  /** VoiceGlow `hotScore` (0–100, how engaged the lead is now), else null. */
  hotScore: number | null;
  /** The platform's custom attributes of the lead (Voxys), else null. */
  customAttributes: JsonObject | null;
  /** The platform's CRM alerts (VoiceGlow), else null. */
  alerts: LeadAlertsModel | null;
  /** When the deal is expected to close (VoiceGlow `expectedCloseDate`: a day, read as midnight UTC). */
  expectedCloseAt: Date | null;
  /** Why the deal was lost (VoiceGlow `lostReason`), else null. */
  lostReason: string | null;
  owner: AgentModel | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface FunnelCardModel {
  ref: SourceRef;
  /** The upstream id of the conversation it was reached through: part of its global id. */
  conversationUpstreamId: string;
  upstreamId: string;
  funnelId: string;
  funnelName: string | null;
  stageId: string;
  stageName: string | null;
  position: number | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export type TaskStatus = 'PENDING' | 'COMPLETED' | 'CANCELLED';
export type TaskPriority = 'LOW' | 'MEDIUM' | 'HIGH';

export interface TaskModel {
  ref: SourceRef;
  /** The upstream id of the conversation it was reached through: part of its global id. */
  conversationUpstreamId: string;
  upstreamId: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority | null;
  dueAt: Date | null;
  completedAt: Date | null;
  assignee: AgentModel | null;
}

export interface ScenarioStepModel {
  ref: SourceRef;
  upstreamId: string;
  scenarioUpstreamId: string;
  name: string;
  index: number | null;
}

export interface ScenarioModel {
  ref: SourceRef;
  /** The upstream id of the conversation it was reached through: part of its global id. */
  conversationUpstreamId: string;
  upstreamId: string;
  name: string;
  description: string | null;
}

/** Where one conversation stands in a CRM scenario (Chatvolt): one active scenario at a time. */
export interface ScenarioPlacementModel {
  scenario: ScenarioModel;
  step: ScenarioStepModel | null;
  available: boolean;
  enteredAt: Date | null;
  updatedAt: Date | null;
}

export type SuggestionStatus = 'PENDING' | 'SENT' | 'DISMISSED';

/** An AI-drafted reply waiting for a human (Iron's suggestive mode). */
export interface SuggestionModel {
  ref: SourceRef;
  conversationUpstreamId: string;
  upstreamId: string;
  content: string;
  status: SuggestionStatus;
  createdAt: Date;
}
