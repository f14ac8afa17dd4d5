/**
 * VoiceGlow route templates, after the `/v3/agents/{agentId}` base path. They are also the
 * metrics `route` labels (never a raw URL).
 */
export const ROUTES = {
  list: '/convos',
  convo: '/convos/:convoId',
  export: '/convos/:convoId/export',
  /** PATCH: a partial update of the convo document (same path as the document read). */
  update: '/convos/:convoId',
  assign: '/convos/:convoId/assign',
} as const;
