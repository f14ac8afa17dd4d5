import { z } from 'zod';

/**
 * The VoiceGlow v3 JSON we read, validated at the boundary. Objects are lenient (unknown keys
 * are dropped: the convo document has dozens we never use); the fields we map are typed.
 * Optional fields accept null too, because the platform's documents omit or null them freely.
 * Timestamps stay raw numbers/strings here: mapping.ts turns them into Dates.
 */

export const vgStateSchema = z.enum(['ai-chatting', 'requested_chat', 'human-chatting', 'ended_chat']);

export const vgAssignedToSchema = z.object({
  userId: z.string().min(1),
  name: z.string().nullish(),
  email: z.string().nullish(),
  photoUrl: z.string().nullish(),
});

/** Keys a list row shares with the full document (the row is a light projection of it). */
const sharedConvoFields = {
  ID: z.string().min(1),
  userID: z.string().nullish(),
  /** Unix seconds: when the conversation started. */
  ts: z.number(),
  /** Unix seconds. */
  lastMessageTS: z.number().nullish(),
  /** Unix seconds. */
  lastModified: z.number().nullish(),
  messagesNum: z.number().nullish(),
  /** Typed `unknown` by the platform; a string such as `web-chat` or `whatsapp` in practice. */
  origin: z.unknown().optional(),
  state: vgStateSchema,
  tags: z.array(z.string()).nullish(),
  userName: z.string().nullish(),
  userEmail: z.string().nullish(),
  userPhone: z.string().nullish(),
  assignedTo: vgAssignedToSchema.nullish(),
  /** Legacy assignee: a user id only. */
  chatAssignedTo: z.string().nullish(),
};

export const vgConvoListRowSchema = z.object(sharedConvoFields);

export const vgCrmActivitySchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  /** ISO-8601. */
  dueDate: z.string().nullish(),
  completed: z.boolean().nullish(),
  note: z.string().nullish(),
});

export const vgConvoDocumentSchema = z.object({
  ...sharedConvoFields,
  userPlatform: z.string().nullish(),
  title: z.string().nullish(),
  lastMessage: z.string().nullish(),
  userCompany: z.string().nullish(),
  userProfilePic: z.string().nullish(),
  userImage: z.string().nullish(),
  notes: z.string().nullish(),
  value: z.number().nullish(),
  currency: z.string().nullish(),
  lostReason: z.string().nullish(),
  leadScore: z.number().nullish(),
  /** Unix milliseconds: when a teammate last opened the conversation in the dashboard. */
  lastViewed: z.number().nullish(),
  crmActivities: z.array(vgCrmActivitySchema).nullish(),
  crmAlerts: z
    .object({
      overdueActivity: z.boolean().nullish(),
    })
    .nullish(),
});

export const vgListResponseSchema = z.object({
  success: z.literal(true),
  data: z.array(vgConvoListRowSchema),
  hasMore: z.boolean(),
  nextCursor: z.string().nullish(),
});

export const vgDocumentResponseSchema = z.object({
  success: z.literal(true),
  data: vgConvoDocumentSchema,
});

export const vgTurnMessageSchema = z.object({
  type: z.string(),
  /** Unix milliseconds (the turn's when absent). */
  ts: z.number().nullish(),
  mid: z.string().nullish(),
  item: z
    .object({
      payload: z
        .object({
          message: z.string().nullish(),
          image: z.string().nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

export const vgTurnSchema = z.object({
  from: z.enum(['human', 'bot', 'system']),
  /** Unix milliseconds. */
  ts: z.number(),
  messages: z.array(vgTurnMessageSchema),
  isAIGenerated: z.boolean().nullish(),
  /** ASSUMED: the teammate who wrote a non-AI `bot` turn. */
  sentBy: z
    .object({
      userId: z.string().min(1),
      name: z.string().nullish(),
      email: z.string().nullish(),
    })
    .nullish(),
});

/** ASSUMED shape of `GET …/convos/{convoId}/export?format=json`. */
export const vgExportResponseSchema = z.object({
  success: z.literal(true),
  data: z.object({ turns: z.array(vgTurnSchema) }),
});

export type VgConvoListRow = z.infer<typeof vgConvoListRowSchema>;
export type VgConvoDocument = z.infer<typeof vgConvoDocumentSchema>;
export type VgCrmActivity = z.infer<typeof vgCrmActivitySchema>;
export type VgListResponse = z.infer<typeof vgListResponseSchema>;
export type VgTurn = z.infer<typeof vgTurnSchema>;
export type VgState = z.infer<typeof vgStateSchema>;

/** `PATCH …/convos/{convoId}`: the envelope without data. */
export const vgUpdateResponseSchema = z.object({
  success: z.literal(true),
  message: z.string().nullish(),
});

/** `POST …/convos/{convoId}/assign`. */
export const vgAssignResponseSchema = z.object({
  success: z.literal(true),
  message: z.string().nullish(),
  assignedUser: z
    .object({
      id: z.string().min(1),
      name: z.string().nullish(),
      email: z.string().nullish(),
    })
    .nullish(),
});
