import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring tokens that stand in for any server-side session. A token holds a random nonce, a scope (what it
 * is for: a campaign's next-steps page, an organizer session, a print-room form) and an expiry: nothing about a
 * person. The signature (HMAC-SHA-256) stops anyone minting tokens, and lets any instance that shares the secret
 * check a token another instance issued. The nonce is what "count once" marks are kept by (see
 * next-steps/once-store.ts).
 */
export interface SignedToken {
  scope: string;
  nonce: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** What the token is bound to, when it was issued for one thing only (a hash, never the thing itself). */
  binding?: string;
  /**
   * How the page's buttons count, when not as usual: 'unverified' for a letter whose form could not prove it came from
   * a person's browser (its tallies go apart), 'none' for one a script plainly sent (guards/verdict.ts).
   */
  counts?: PageCounts;
}

export type PageCounts = 'unverified' | 'none';

export interface SignedTokens {
  issue(scope: string, now?: Date, binding?: string, counts?: PageCounts): string;
  /** The token's content, or undefined when it is forged, damaged, expired or for another scope. */
  verify(token: string, scope: string, now?: Date): SignedToken | undefined;
  /** How long a token stays valid, which is also how long its "counted once" marks are kept. */
  readonly ttlMs: number;
}

/** A next-steps page stays usable for three days. */
export const PAGE_TOKEN_TTL_MS = 3 * 24 * 60 * 60 * 1000;
/** How far apart two instances' clocks may be. */
const CLOCK_SKEW_MS = 60_000;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{10,400}\.[A-Za-z0-9_-]{43}$/;

export function createSignedTokens(secret: string | Buffer = randomBytes(32), ttlMs = PAGE_TOKEN_TTL_MS): SignedTokens {
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest();
  return {
    ttlMs,
    issue(scope, now = new Date(), binding, counts) {
      // The body keeps the field name `campaign` so that pages drawn before an upgrade still verify after it.
      const content = {
        campaign: scope,
        nonce: randomBytes(16).toString('base64url'),
        expiresAt: now.getTime() + ttlMs,
        ...(binding !== undefined && { binding }),
        ...(counts !== undefined && { counts }),
      };
      const body = Buffer.from(JSON.stringify(content)).toString('base64url');
      return `${body}.${sign(body).toString('base64url')}`;
    },
    verify(token, scope, now = new Date()) {
      if (!TOKEN_SHAPE.test(token)) return undefined;
      const [body = '', signature = ''] = token.split('.');
      // Compared as text: decoding would ignore the last character's spare bits, so two spellings would verify.
      if (!timingSafeEqual(Buffer.from(signature), Buffer.from(sign(body).toString('base64url')))) return undefined;
      let content: unknown;
      try {
        content = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
      const t = content as { campaign?: unknown; nonce?: unknown; expiresAt?: unknown; binding?: unknown; counts?: unknown };
      if (typeof t.nonce !== 'string' || typeof t.expiresAt !== 'number' || t.campaign !== scope) return undefined;
      if (t.expiresAt <= now.getTime()) return undefined;
      // No token outlives what this server issues, whatever it says: its lifetime is capped here, not by the token.
      if (t.expiresAt > now.getTime() + ttlMs + CLOCK_SKEW_MS) return undefined;
      if (t.binding !== undefined && typeof t.binding !== 'string') return undefined;
      return { scope, nonce: t.nonce, expiresAt: t.expiresAt, ...(t.binding !== undefined && { binding: t.binding }), ...((t.counts === 'unverified' || t.counts === 'none') && { counts: t.counts }) };
    },
  };
}
