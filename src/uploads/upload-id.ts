import { randomBytes } from 'node:crypto';

/**
 * Upload ids: `upl_<expiry, unix seconds in base 36>_<24 random bytes, base64url>`. The random
 * part is what makes an id unguessable; the expiry is in the id so that an id the store no longer
 * holds can be told apart: past its expiry it is "expired" (upload again), otherwise it names
 * nothing for this caller (NOT_FOUND, the same answer for a wrong id and another tenant's or
 * user's). Both answers depend only on the id's text and the caller's own uploads.
 */
const UPLOAD_ID = /^upl_([0-9a-z]{1,10})_([A-Za-z0-9_-]{32})$/;

export function newUploadId(expiresAtMs: number): string {
  return `upl_${Math.ceil(expiresAtMs / 1000).toString(36)}_${randomBytes(24).toString('base64url')}`;
}

/** The expiry an upload id carries (epoch ms), or null when the text is not an upload id. */
export function uploadIdExpiry(id: string): number | null {
  const match = UPLOAD_ID.exec(id);
  if (!match) return null;
  const seconds = Number.parseInt(match[1]!, 36);
  return Number.isSafeInteger(seconds) ? seconds * 1000 : null;
}
