import type { SimPlatform, SimRequest, SimResponse } from '../common/server.js';

/**
 * How VoiceGlow says no. Its v3 API is tRPC-OpenAPI: errors carry `message` and a tRPC `code`
 * with the matching HTTP status; we send them in the `{success:false, message}` envelope the
 * successful answers use, plus that `code`.
 */
export function vgError(status: number, code: string, message: string, headers?: Record<string, string>): SimResponse {
  return { status, body: { success: false, message, code }, ...(headers ? { headers } : {}) };
}

export const vgErrors = {
  unauthorized: () => vgError(401, 'UNAUTHORIZED', 'Unauthorized: invalid or missing workspace secret'),
  agentNotOwned: () => vgError(403, 'FORBIDDEN', 'You must own the agent to access its conversations'),
  convoNotFound: () => vgError(404, 'NOT_FOUND', 'Conversation not found'),
  badRequest: (message: string) => vgError(400, 'BAD_REQUEST', message),
  /** tRPC's zod input check: 400 with the failing paths in `issues` (ASSUMED wording). */
  invalidInput: (issues: VgIssue[]): SimResponse => ({
    status: 400,
    body: { success: false, message: 'Input validation failed', code: 'BAD_REQUEST', issues },
  }),
  /** ASSUMED: the assign handler looks the user up among the workspace's members. */
  notAMember: () => vgError(400, 'BAD_REQUEST', 'User is not a member of this workspace'),
};

/** One failing input path, as zod reports it. */
export interface VgIssue {
  path: (string | number)[];
  message: string;
}

export function voiceglowSimPlatform(workspaceSecret: string): SimPlatform {
  return {
    name: 'voiceglow',
    title: 'VoiceGlow / Convocore v3',
    authenticate(req: SimRequest): SimResponse | null {
      const header = req.headers.authorization;
      const match = typeof header === 'string' ? /^Bearer (.+)$/.exec(header) : null;
      return match?.[1] === workspaceSecret ? null : vgErrors.unauthorized();
    },
    notFound: () => vgError(404, 'NOT_FOUND', 'Not found'),
    rateLimited: (retryAfter) => vgError(429, 'TOO_MANY_REQUESTS', 'Too many requests, slow down', retryAfter === null ? undefined : { 'retry-after': String(retryAfter) }),
    serverError: (status) =>
      status === 503 ? vgError(503, 'SERVICE_UNAVAILABLE', 'Service temporarily unavailable') : vgError(status, 'INTERNAL_SERVER_ERROR', 'Internal server error'),
  };
}
