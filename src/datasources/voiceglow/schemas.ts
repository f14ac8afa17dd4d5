import { z } from 'zod';
import { rowList } from '../shared/index.js';
import { lenientList, optional, optionalBoolean, optionalEnum, optionalNumber, optionalText, optionalTimestamp, orElse } from '../shared/lenient.js';
import { declareReader, NOT_READ } from '../shared/readers.js';

/**
 * The VoiceGlow v3 JSON we read, validated at the boundary. Only what a mapping cannot do without
 * is required: a convo's `ID` and one of its times (the inbox is ordered by them), a transcript's
 * `turns`, the list's `data`. Every other field is optional (lenient.ts): absent, null, an empty
 * object or a value of another type reads as null (the platform's own schema, seed 003, lists
 * none as required and omits `state`; list rows "may omit title/lastMessage"). Unknown keys are
 * dropped (the convo document has dozens we never use, some typed `<unknown>` or `<array>`).
 * Timestamps stay raw here: mapping.ts turns them into Dates.
 */

export const VG_STATES = ['ai-chatting', 'requested_chat', 'human-chatting', 'ended_chat'] as const;
export const vgStateSchema = z.enum(VG_STATES);

/** Digits are an epoch number sent as text; anything else an ISO-8601 date (then epoch ms); NaN when neither. */
function epochOf(text: string): number {
  return /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Date.parse(text);
}

/**
 * Epoch seconds or milliseconds (mapping.ts tells them apart), as a number; a numeric or ISO-8601
 * string is read too (ASSUMED: the platform mixes formats across fields, so one field may vary).
 */
const epoch = optional(
  z.union([
    z.number().refine(Number.isFinite),
    declareReader(
      z.string().transform((text, ctx) => {
        const n = epochOf(text);
        if (Number.isNaN(n)) {
          ctx.issues.push({ code: 'custom', message: 'not a time', input: text });
          return z.NEVER;
        }
        return n;
      }),
      // The transform's answer without its context (shared/readers.ts).
      (value) => {
        if (typeof value !== 'string') return NOT_READ;
        const n = epochOf(value);
        return Number.isNaN(n) ? NOT_READ : n;
      },
    ),
  ]),
);

/** `{userId, name, email, photoUrl, note, assignedAt}` (seed 003); one without a `userId` (`{}`) assigns nobody. */
export const vgAssignedToSchema = z.object({
  userId: optional(z.string().min(1)),
  name: optionalText,
  email: optionalText,
  photoUrl: optionalText,
});

/** Keys a list row shares with the full document (the row is a light projection of it). */
const sharedConvoFields = {
  ID: z.string().min(1),
  userID: optionalText,
  /** Unix seconds: when the conversation started. */
  ts: epoch,
  /** Unix seconds. */
  lastMessageTS: epoch,
  /** Unix seconds. */
  lastModified: epoch,
  messagesNum: optionalNumber,
  /** Typed `<unknown>` by the platform; a string such as `web-chat` or `whatsapp` in practice. */
  origin: z.unknown().optional(),
  /** Not in the platform's published schema (seed 003), only in its example: may be absent. */
  state: optionalEnum(VG_STATES),
  tags: lenientList(z.string()),
  userName: optionalText,
  userEmail: optionalText,
  userPhone: optionalText,
  assignedTo: optional(vgAssignedToSchema),
  /** Legacy assignee: a user id only. */
  chatAssignedTo: optionalText,
};

/** The inbox is ordered by last activity: a convo with none of its times cannot be placed. */
const hasATime = (convo: { ts: number | null; lastMessageTS: number | null; lastModified: number | null }): boolean =>
  convo.ts !== null || convo.lastMessageTS !== null || convo.lastModified !== null;
const NO_TIME = { message: 'a convo needs ts, lastMessageTS or lastModified', path: ['ts'] };

export const vgConvoListRowSchema = z.object(sharedConvoFields).refine(hasATime, NO_TIME);

export const vgCrmActivitySchema = z.object({
  id: z.string().min(1),
  title: optionalText,
  /** ISO-8601 (the placeholder `<string>` of the published example reads as no date). */
  dueDate: optionalText,
  completed: optionalBoolean,
  note: optionalText,
});

/** One hand-over of `handoffHistory` (seed 003): times in unix milliseconds, the teammate who accepted it by user id. */
export const vgHandoffSchema = z.object({
  requestedAt: epoch,
  acceptedAt: epoch,
  completedAt: epoch,
  acceptedBy: optional(z.string().min(1)),
  requestedTeamKey: optional(z.string().min(1)),
  teamKeys: lenientList(z.string().min(1)),
});

/** `crmAlerts` (seed 003): five flags the platform computes. */
export const vgCrmAlertsSchema = z.object({
  overdueECD: optionalBoolean,
  overdueActivity: optionalBoolean,
  staleLead: optionalBoolean,
  responded: optionalBoolean,
  newHandoffAssigned: optionalBoolean,
});

export const vgConvoDocumentSchema = z
  .object({
    ...sharedConvoFields,
    userPlatform: optionalText,
    title: optionalText,
    lastMessage: optionalText,
    userCompany: optionalText,
    userProfilePic: optionalText,
    userImage: optionalText,
    notes: optionalText,
    value: optionalNumber,
    currency: optionalText,
    lostReason: optionalText,
    /** A day (`2026-12-01`) or an ISO-8601 time; anything unreadable (the example's `<string>`) is null. */
    expectedCloseDate: optionalTimestamp,
    leadScore: optionalNumber,
    hotScore: optionalNumber,
    summary: optionalText,
    handoffHistory: lenientList(vgHandoffSchema),
    /** Unix milliseconds: when a teammate last opened the conversation in the dashboard. */
    lastViewed: epoch,
    crmActivities: lenientList(vgCrmActivitySchema),
    crmAlerts: optional(vgCrmAlertsSchema),
  })
  .refine(hasATime, NO_TIME);

/** A convo row's id, for the error entry of a row that cannot be read. */
function idOfConvo(raw: unknown): string | null {
  const id = typeof raw === 'object' && raw !== null ? (raw as { ID?: unknown }).ID : null;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** The list envelope: `data` is required; paging goes on while `nextCursor` is given and `hasMore` is not false. */
export const vgListResponseSchema = z.object({
  success: z.literal(true).optional(),
  /** Read row by row: an unreadable row is left out and reported (shared/rows.ts). */
  data: rowList(vgConvoListRowSchema, idOfConvo),
  hasMore: optionalBoolean,
  nextCursor: optional(z.string().min(1)),
});

export const vgDocumentResponseSchema = z.object({
  success: z.literal(true).optional(),
  data: vgConvoDocumentSchema,
});

export const vgTurnMessageSchema = z.object({
  type: optionalText,
  /** Unix milliseconds (the turn's when absent). */
  ts: epoch,
  mid: optionalText,
  item: optional(
    z.object({
      payload: optional(
        z.object({
          message: optionalText,
          image: optionalText,
        }),
      ),
    }),
  ),
});

export const vgTurnSchema = z.object({
  /** convocore-mcp: `system | bot | human`; another value is read as the platform's own (like `system`). */
  from: orElse(z.enum(['human', 'bot', 'system']), 'system'),
  /** Unix milliseconds. */
  ts: epoch,
  /** Row by row, so a message keeps its position (its cursor) when one before it is unreadable. */
  messages: rowList(vgTurnMessageSchema, () => null),
  isAIGenerated: optionalBoolean,
  /** ASSUMED: the teammate who wrote a non-AI `bot` turn. */
  sentBy: optional(
    z.object({
      userId: z.string().min(1),
      name: optionalText,
      email: optionalText,
    }),
  ),
});

/** ASSUMED shape of `GET …/convos/{convoId}/export?format=json`. */
export const vgExportResponseSchema = z.object({
  success: z.literal(true).optional(),
  data: z.object({ turns: rowList(vgTurnSchema, () => null) }),
});

export type VgConvoListRow = z.infer<typeof vgConvoListRowSchema>;
export type VgConvoDocument = z.infer<typeof vgConvoDocumentSchema>;
export type VgCrmActivity = z.infer<typeof vgCrmActivitySchema>;
export type VgHandoff = z.infer<typeof vgHandoffSchema>;
export type VgListResponse = z.infer<typeof vgListResponseSchema>;
export type VgTurn = z.infer<typeof vgTurnSchema>;
export type VgTurnMessage = z.infer<typeof vgTurnMessageSchema>;
export type VgState = (typeof VG_STATES)[number];

/** `PATCH …/convos/{convoId}`: the envelope without data. */
export const vgUpdateResponseSchema = z.object({
  success: z.literal(true).optional(),
  message: optionalText,
});

/** `POST …/convos/{convoId}/assign`. */
export const vgAssignResponseSchema = z.object({
  success: z.literal(true).optional(),
  message: optionalText,
  assignedUser: optional(
    z.object({
      id: z.string().min(1),
      name: optionalText,
      email: optionalText,
    }),
  ),
});
