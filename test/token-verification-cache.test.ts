import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError, TokenVerifier } from '../src/pipeline/auth.js';
import { startStack, TEST_JWT_SECRET, type Stack } from './support/stack.js';

/**
 * A verified token is remembered (by the SHA-256 of its exact string, per verifier) so its
 * signature is checked once, yet every use re-checks `exp` and `nbf`, an entry never outlives the
 * token, and a wrong or tampered token is never remembered: it is verified, and refused, each time.
 */
const SECRET = 'token-cache-secret';
const now = () => Math.floor(Date.now() / 1000);
/** The signature with its last character changed (so the token is never the good one). */
// The first character: all six of its bits are signature bits. (The last character of an HS256
// signature carries two padding bits, so changing it can leave the decoded signature valid.)
const flipFirst = (signature: string) => (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1);

function sign(claims: { exp: number; nbf?: number; tenant?: string }, secret = SECRET): Promise<string> {
  let jwt = new SignJWT({ tenant: claims.tenant ?? 't1' }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setIssuedAt().setExpirationTime(claims.exp);
  if (claims.nbf !== undefined) jwt = jwt.setNotBefore(claims.nbf);
  return jwt.sign(new TextEncoder().encode(secret));
}

const verifier = () => new TokenVerifier({ secret: SECRET }, new Set(['t1']));

/** Signature checks WebCrypto makes while `run` runs. */
async function signatureChecks(run: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(crypto.subtle, 'verify');
  try {
    await run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.useRealTimers());

describe('verified-token cache', () => {
  it('checks a good token’s signature once, then answers the same identity without it', async () => {
    const v = verifier();
    const token = await sign({ exp: now() + 600 });
    expect(await signatureChecks(() => v.verify(`Bearer ${token}`))).toBe(1);
    expect(await signatureChecks(() => v.verify(`Bearer ${token}`))).toBe(0);
    expect(await v.verify(token)).toEqual({ sub: 'alice', tenant: 't1', exp: expect.any(Number) });
  });

  it('refuses a cached token once it has expired', async () => {
    const v = verifier();
    const token = await sign({ exp: now() + 60 });
    await v.verify(token);
    expect(await signatureChecks(() => v.verify(token))).toBe(0);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    await expect(v.verify(token)).rejects.toBeInstanceOf(AuthError);
    await expect(v.verify(token)).rejects.toThrow('invalid or expired token');
  });

  it('never remembers a tampered token or one signed with another secret: refused every time', async () => {
    const v = verifier();
    const good = await sign({ exp: now() + 600 });
    await v.verify(good);
    const [header, payload, signature] = good.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'mallory' })).toString('base64url');
    const tampered = [`${header}.${forgedPayload}.${signature}`, `${header}.${payload}.${flipFirst(signature!)}`, await sign({ exp: now() + 600 }, 'another-secret')];
    for (const token of tampered) {
      for (let i = 0; i < 3; i++) {
        expect(await signatureChecks(() => v.verify(token).catch((error: unknown) => expect(error).toBeInstanceOf(AuthError)))).toBe(1);
      }
    }
  });

  it('is per verifier: another gateway or secret set verifies for itself', async () => {
    const token = await sign({ exp: now() + 600 });
    await verifier().verify(token);
    expect(await signatureChecks(() => verifier().verify(token))).toBe(1);
    await expect(new TokenVerifier({ secret: 'rotated' }, new Set(['t1'])).verify(token)).rejects.toBeInstanceOf(AuthError);
  });

  it('re-checks nbf on every use', async () => {
    const v = verifier();
    const token = await sign({ exp: now() + 600, nbf: now() - 1 });
    await v.verify(token);
    vi.useFakeTimers({ toFake: ['Date'] });
    // A clock set back before nbf: the remembered acceptance does not hold.
    vi.setSystemTime(Date.now() - 120_000);
    await expect(v.verify(token)).rejects.toBeInstanceOf(AuthError);
  });
});

describe('over HTTP', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('a token accepted (and remembered) is refused once expired; a tampered copy is refused', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'token-cache', size: 3 }] });
    const jwt = new SignJWT({ tenant: 't1' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuedAt()
      .setExpirationTime(now() + 2);
    const token = await jwt.sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expect((await stack.gql('{ __typename }', {}, { token })).status).toBe(200);
    expect((await stack.gql('{ __typename }', {}, { token })).status).toBe(200);
    const [h, p, s] = token.split('.');
    const tampered = await stack.gql('{ __typename }', {}, { token: `${h}.${p}.${flipFirst(s!)}` });
    expect(tampered.status).toBe(401);
    // Past exp (a whole second boundary later): the remembered acceptance no longer holds.
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const expired = await stack.gql('{ __typename }', {}, { token });
    expect(expired.status).toBe(401);
    expect(expired.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
