import { createHash } from 'node:crypto';

/**
 * Hashes of the credentials seen lately. A client is built per request and source, so hashing
 * (sha256) at each construction cost a hash per request and source; the credentials are few (one
 * per tenant source). Bounded: emptied when full (credentials rotated in and out over a long run).
 * Kept in this process only, as the configuration that holds the credentials is.
 */
const credentialHashes = new Map<string, string>();
const MAX_CREDENTIAL_HASHES = 1_000;

/** A credential's short digest, as cache partitions name it (keys and logs never carry the credential itself). */
export function credentialHash(credential: string): string {
  let hash = credentialHashes.get(credential);
  if (hash === undefined) {
    hash = createHash('sha256').update(credential).digest('base64url').slice(0, 16);
    if (credentialHashes.size >= MAX_CREDENTIAL_HASHES) credentialHashes.clear();
    credentialHashes.set(credential, hash);
  }
  return hash;
}
