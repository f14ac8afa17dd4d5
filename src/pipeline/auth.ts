import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { DEFAULT_MAX_TOKEN_LIFETIME, type GatewayConfig } from '../config/schema.js';

export interface VerifiedToken {
  sub: string;
  tenant: string;
  /** Expiry (unix seconds), if the token has one. */
  exp: number | null;
}

export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

/** How far ahead of our clock a token's `iat` may be (the issuer's clock may run a little fast). */
const IAT_CLOCK_SKEW_SECONDS = 60;

/** Verified tokens kept per verifier (one per gateway and secret or JWKS). */
const VERIFIED_MAX = 10_000;
/**
 * How long a verification is trusted at most, within the token's own lifetime: with a secret the
 * answer cannot change before `exp`; with a JWKS the issuer may withdraw a key, so a minute.
 */
const VERIFIED_SECRET_MS = 10 * 60_000;
const VERIFIED_JWKS_MS = 60_000;

interface Verified {
  token: VerifiedToken;
  /** `nbf` (unix seconds), re-checked on every use like `exp`. */
  nbf: number | null;
}

/**
 * Verifies bearer JWTs (HS256 secret or a JWKS URL) and checks the tenant exists. A token must
 * expire, within `maxTokenLifetime` seconds of its issue (`exp - iat`; without `iat`, of now), and
 * must not claim to be issued in the future.
 */
export class TokenVerifier {
  private readonly key: JWTVerifyGetKey;
  /**
   * Tokens this verifier accepted, by the SHA-256 of the exact token string: the signature is
   * checked once, not on every request. Only accepted tokens enter (a wrong or tampered token is a
   * different string and is verified, and refused, every time); each entry is dropped by its `exp`
   * at the latest, and `exp`/`nbf` are checked again on every use.
   */
  private readonly verified: LRUCache<string, Verified>;
  private readonly trustMs: number;

  constructor(
    private readonly jwt: GatewayConfig['auth']['jwt'],
    private readonly tenants: ReadonlySet<string>,
    private readonly maxTokenLifetime: number = DEFAULT_MAX_TOKEN_LIFETIME,
  ) {
    this.key = jwt.secret ? hmacKeys(new TextEncoder().encode(jwt.secret)) : createRemoteJWKSet(new URL(jwt.jwksUrl!));
    this.trustMs = jwt.secret ? VERIFIED_SECRET_MS : VERIFIED_JWKS_MS;
    this.verified = new LRUCache({ max: VERIFIED_MAX });
  }

  /** Accepts `Bearer <jwt>` or a bare token. Throws AuthError with a safe message. */
  async verify(authorization: string | undefined | null): Promise<VerifiedToken> {
    if (!authorization) throw new AuthError('missing bearer token');
    const token = authorization.replace(/^Bearer\s+/i, '').trim();
    if (!token) throw new AuthError('missing bearer token');
    const digest = createHash('sha256').update(token).digest('base64url');
    const known = this.verified.get(digest);
    if (known) {
      // jose's own rule: expired at `exp`, not yet valid before `nbf`.
      const now = Math.floor(Date.now() / 1000);
      if (known.token.exp === null || known.token.exp <= now || (known.nbf !== null && known.nbf > now)) {
        this.verified.delete(digest);
        throw new AuthError('invalid or expired token');
      }
      return known.token;
    }
    let payload: Record<string, unknown>;
    try {
      // Every token must expire: a socket is closed when its token does.
      const options = {
        requiredClaims: ['exp'],
        ...(this.jwt.issuer ? { issuer: this.jwt.issuer } : {}),
        ...(this.jwt.audience ? { audience: this.jwt.audience } : {}),
      };
      payload = (await jwtVerify(token, this.key, options)).payload;
    } catch {
      throw new AuthError('invalid or expired token');
    }
    const { sub, tenant, exp, iat } = payload;
    this.checkLifetime(exp, iat);
    if (typeof sub !== 'string' || !sub) throw new AuthError('token has no sub');
    if (typeof tenant !== 'string' || !this.tenants.has(tenant)) throw new AuthError('token names no known tenant');
    // Frozen: one cached answer serves every request with this token.
    const verified: VerifiedToken = Object.freeze({ sub, tenant, exp: typeof exp === 'number' ? exp : null });
    if (verified.exp !== null) {
      const ttl = Math.min(this.trustMs, verified.exp * 1000 - Date.now());
      if (ttl > 0) this.verified.set(digest, { token: verified, nbf: typeof payload.nbf === 'number' ? payload.nbf : null }, { ttl });
    }
    return verified;
  }

  /** `iat` not in the future, and `exp` no further than the maximum lifetime from it (jose checked their types). */
  private checkLifetime(exp: unknown, iat: unknown): void {
    const now = Math.floor(Date.now() / 1000);
    if (typeof iat === 'number' && iat > now + IAT_CLOCK_SKEW_SECONDS) throw new AuthError('token issued in the future');
    const issued = typeof iat === 'number' ? iat : now;
    if (typeof exp === 'number' && exp - issued > this.maxTokenLifetime) throw new AuthError(`token lifetime exceeds ${this.maxTokenLifetime} s`);
  }
}

/**
 * The secret as a key getter: the key for the token's HMAC algorithm (HS256, or HS384/HS512 as a
 * raw secret allows), imported into WebCrypto once per algorithm instead of on every request.
 * Any other algorithm gets the raw secret, which jose refuses exactly as before.
 */
function hmacKeys(secret: Uint8Array<ArrayBuffer>): JWTVerifyGetKey {
  const imported = new Map<string, Promise<CryptoKey>>();
  return (header) => {
    const hash = HMAC_HASHES[header.alg ?? ''];
    if (!hash) return secret;
    let key = imported.get(header.alg!);
    if (!key) {
      key = crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash }, false, ['verify']);
      imported.set(header.alg!, key);
    }
    return key;
  };
}

const HMAC_HASHES: Record<string, string> = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' };

/** Mints an HS256 token (demo mode and `npm run token`). */
export async function mintToken(options: { secret: string; sub: string; tenant: string; ttlSeconds?: number; issuer?: string; audience?: string }): Promise<string> {
  let jwt = new SignJWT({ tenant: options.tenant })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(options.sub)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? 12 * 3600}s`);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}
