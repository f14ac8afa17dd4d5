/**
 * VoiceGlow / Convocore v3 records as the platform stores and serves them (seed 003, research
 * others.md (b)). Timestamps keep the platform's mixed formats on purpose: unix SECONDS for
 * `ts`, `firstMessageTS`, `lastMessageTS`, `lastModified` (as in the documented example),
 * MILLISECONDS for the live-handoff fields, `lastViewed`, transcript `ts` and `funnelLastEvaluated`,
 * and ISO-8601 strings in the CRM fields (`expectedCloseDate`, `lastActivityDate`,
 * `assignedTo.assignedAt`, `crmActivities[].date|dueDate`, notes history).
 */

export type VgState = 'ai-chatting' | 'requested_chat' | 'human-chatting' | 'ended_chat';

/** A workspace member (dashboard user) who can be assigned conversations. */
export interface VgUser {
  userId: string;
  name: string;
  email: string;
  photoUrl: string | null;
}

export interface VgAssignedTo {
  userId: string;
  name: string;
  email: string;
  photoUrl?: string;
  note?: string;
  /** ISO-8601. */
  assignedAt: string;
}

export interface VgHandoff {
  requestedAt: number;
  acceptedAt?: number;
  completedAt?: number;
  acceptedBy?: string;
  requestedTeamKey?: string;
  teamIds?: string[];
  teamKeys?: string[];
}

export interface VgCrmActivity {
  id: string;
  title: string;
  /** ISO-8601: when the activity was logged. */
  date: string;
  /** ISO-8601. */
  dueDate?: string;
  completed: boolean;
  responded?: boolean;
  firstEngaged?: boolean;
  secondEngaged?: boolean;
  note?: string;
  notesHistory: { text: string; agentId: string; agentName: string; timestamp: string }[];
  metadata: Record<string, unknown>;
}

export interface VgCrmAlerts {
  overdueECD: boolean;
  overdueActivity: boolean;
  staleLead: boolean;
  responded: boolean;
  newHandoffAssigned: boolean;
}

/** One message inside a transcript turn (ASSUMED export shape, after convocore-mcp's turn type). */
export interface VgTurnMessage {
  /** `text`, `choice`, `visual`, `launch`, … */
  type: string;
  item: {
    type: string;
    payload: {
      message?: string;
      image?: string;
      buttons?: { name: string }[];
    };
  };
  /** Unix milliseconds. */
  ts: number;
  mid: string;
}

/**
 * A transcript turn. `human` is the end user, `bot` the agent's side (the AI, or, with
 * `isAIGenerated: false` and `sentBy`, a teammate replying after a live handoff), `system` the
 * platform's own notices (launch, handoff requested/accepted, chat ended).
 */
export interface VgTurn {
  from: 'human' | 'bot' | 'system';
  messages: VgTurnMessage[];
  /** Unix milliseconds. */
  ts: number;
  isAIGenerated?: boolean;
  /** ASSUMED: who sent a human-written `bot` turn. */
  sentBy?: { userId: string; name: string; email: string };
}

/** The full lead/convo document of `GET /agents/{agentId}/convos/{convoId}` (the fields we simulate). */
export interface VgConvoDoc {
  ID: string;
  userID: string;
  ts: number;
  firstMessageTS?: number;
  lastMessageTS?: number;
  lastModified: number;
  messagesNum: number;
  interactionsNum: number;
  origin: string;
  userPlatform?: string;
  state: VgState;
  tags: string[];
  title?: string;
  summary?: string;
  lastMessage?: string;

  userName?: string;
  userEmail?: string;
  userPhone?: string;
  userCompany?: string;
  userProfilePic?: string;
  notes?: string;
  value?: number;
  currency?: string;
  expectedCloseDate?: string;
  lostReason?: string;
  lastActivityDate?: string;
  leadScore?: number;
  hotScore?: number;

  assignedTo?: VgAssignedTo;
  chatAssignedTo?: string;
  humanClaimedAt?: number;
  humanLastRepliedAt?: number;
  pendingAiReplyAt?: number;
  delegatedBy?: string;
  delegatedAt?: number;
  handoffHistory: VgHandoff[];
  lastViewed?: number;
  endReason?: string;

  crmActivities: VgCrmActivity[];
  crmAlerts?: VgCrmAlerts;
  funnelStepsMatched: string[];
  funnelScoreHistory: { score: number; ts: number }[];
  funnelLastEvaluated?: number;
  funnelSummary?: string;
}

/** One conversation as the simulator keeps it: the document plus its transcript. */
export interface VgConvoRecord {
  doc: VgConvoDoc;
  turns: VgTurn[];
}

/**
 * A row of `GET /agents/{agentId}/convos` (ASSUMED projection). The research says list rows come
 * from a Postgres mirror, may omit title/lastMessage, and carry the compact fields convocore-mcp
 * shows (ID, ts, user contact, origin, state, assignedTo) plus the light columns next to them (tags, message count and
 * times, the legacy `chatAssignedTo`); none of the CRM/lead fields, title or last message.
 */
export interface VgConvoListRow {
  ID: string;
  userID: string;
  ts: number;
  lastMessageTS?: number;
  lastModified: number;
  messagesNum: number;
  origin: string;
  state: VgState;
  /** Absent when the convo has none. */
  tags?: string[];
  userName?: string;
  userEmail?: string;
  userPhone?: string;
  assignedTo?: VgAssignedTo;
  chatAssignedTo?: string;
}
