import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { GatewayConfig } from '../config/schema.js';

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

/** Verifies bearer JWTs (HS256 secret or a JWKS URL) and checks the tenant exists. */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;

  constructor(
    private readonly jwt: GatewayConfig['auth']['jwt'],
    private readonly tenants: ReadonlySet<string>,
  ) {
    this.key = jwt.secret ? new TextEncoder().encode(jwt.secret) : createRemoteJWKSet(new URL(jwt.jwksUrl!));
  }

  /** Accepts `Bearer <jwt>` or a bare token. Throws AuthError with a safe message. */
  async verify(authorization: string | undefined | null): Promise<VerifiedToken> {
    if (!authorization) throw new AuthError('missing bearer token');
    const token = authorization.replace(/^Bearer\s+/i, '').trim();
    if (!token) throw new AuthError('missing bearer token');
    let payload: Record<string, unknown>;
    try {
      // Every token must expire: a socket is closed when its token does.
      const options = {
        requiredClaims: ['exp'],
        ...(this.jwt.issuer ? { issuer: this.jwt.issuer } : {}),
        ...(this.jwt.audience ? { audience: this.jwt.audience } : {}),
      };
      // jose's overloads differ for a key and a key getter; both are valid here.
      const result = this.key instanceof Uint8Array ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options);
      payload = result.payload;
    } catch {
      throw new AuthError('invalid or expired token');
    }
    const { sub, tenant, exp } = payload;
    if (typeof sub !== 'string' || !sub) throw new AuthError('token has no sub');
    if (typeof tenant !== 'string' || !this.tenants.has(tenant)) throw new AuthError('token names no known tenant');
    return { sub, tenant, exp: typeof exp === 'number' ? exp : null };
  }
}

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
