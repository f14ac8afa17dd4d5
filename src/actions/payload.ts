import { UpstreamError, UserError, type UserErrorCode } from '../errors.js';

export interface UserErrorModel {
  code: UserErrorCode;
  message: string;
  field: string[] | null;
}

/** Every payload's own fields: the caller's `clientMutationId` and the business refusals. */
export interface PayloadCommon {
  clientMutationId: string | null;
  userErrors: UserErrorModel[];
}

/** A payload with every changed-object field null (what a refused mutation answers). */
export type EmptyPayload<P> = { [K in keyof P]: null };

/**
 * Runs a mutation body and shapes its payload: business refusals become `userErrors`; the
 * platform's 404 is NOT_FOUND; anything else stays a GraphQL error (with its upstream code).
 */
export async function asPayload<P extends object>(
  clientMutationId: string | null | undefined,
  body: () => Promise<P>,
  empty: EmptyPayload<P>,
): Promise<(P | EmptyPayload<P>) & PayloadCommon> {
  try {
    return { ...(await body()), clientMutationId: clientMutationId ?? null, userErrors: [] };
  } catch (error) {
    const userError = toUserError(error);
    if (!userError) throw error;
    return { ...empty, clientMutationId: clientMutationId ?? null, userErrors: [userError] };
  }
}

function toUserError(error: unknown): UserErrorModel | null {
  if (error instanceof UserError) return { code: error.code, message: error.message, field: error.field };
  if (error instanceof UpstreamError && error.isNotFound) return { code: 'NOT_FOUND', message: `${error.source.type} has no such object`, field: null };
  return null;
}
