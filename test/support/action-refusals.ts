import { expect } from 'vitest';
import { UserError, type UserErrorCode } from '../../src/errors.js';

/** The UserError `action` is refused with; fails the test when it succeeds or fails otherwise. */
export async function actionRefusal(action: Promise<unknown>): Promise<UserError> {
  const outcome = await action.then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  if (!outcome.refused) throw new Error('expected the action to be refused');
  expect(outcome.error).toBeInstanceOf(UserError);
  return outcome.error as UserError;
}

/**
 * Expects `action` refused with `code` (and `field`, when given), in a message that mentions none
 * of `secrets` (upstream URLs, credentials, the platform's own wording); returns the refusal.
 */
export async function expectRefusal(
  action: Promise<unknown>,
  code: UserErrorCode,
  { field, secrets = [] }: { field?: string; secrets?: readonly string[] } = {},
): Promise<UserError> {
  const refusal = await actionRefusal(action);
  expect(refusal.code).toBe(code);
  if (field !== undefined) expect(refusal.field).toEqual(['input', field]);
  for (const secret of secrets) expect(refusal.message).not.toContain(secret);
  return refusal;
}
