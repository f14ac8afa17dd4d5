import { expect } from 'vitest';
import { ActionError, type UserErrorCode } from '../../src/datasources/actions.js';

/** The ActionError `action` is refused with; fails the test when it succeeds or fails otherwise. */
export async function actionRefusal(action: Promise<unknown>): Promise<ActionError> {
  const outcome = await action.then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  if (!outcome.refused) throw new Error('expected the action to be refused');
  expect(outcome.error).toBeInstanceOf(ActionError);
  return outcome.error as ActionError;
}

/**
 * Expects `action` refused with `code` (and `field`, when given), in a message that mentions none
 * of `secrets` (upstream URLs, credentials, the platform's own wording); returns the refusal.
 */
export async function expectRefusal(action: Promise<unknown>, code: UserErrorCode, { field, secrets = [] }: { field?: string; secrets?: readonly string[] } = {}): Promise<ActionError> {
  const refusal = await actionRefusal(action);
  expect(refusal.code).toBe(code);
  if (field !== undefined) expect(refusal.field).toBe(field);
  for (const secret of secrets) expect(refusal.message).not.toContain(secret);
  return refusal;
}
