import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The next-steps page carries a signed token instead of any server-side session. It holds a random nonce, the
 * campaign and an expiry: nothing about the supporter or their letter. The nonce lets "I posted it" and the
 * downloads count once per page (see once-store.ts); the signature stops anyone minting tokens without composing
 * a letter, and lets any instance that shares the secret check a token another instance issued.
 */
export interface PageToken {
  campaign: string;
  nonce: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface PageTokens {
  issue(campaign: string, now?: Date): string;
  /** The token's content, or undefined when it is forged, damaged, expired or for another campaign. */
  verify(token: string, campaign: string, now?: Date): PageToken | undefined;
  /** How long a page stays valid, which is also how long its "counted once" marks are kept. */
  readonly ttlMs: number;
}

export const PAGE_TOKEN_TTL_MS = 3 * 24 * 60 * 60 * 1000;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{10,400}\.[A-Za-z0-9_-]{43}$/;

export function createPageTokens(secret: string | Buffer = randomBytes(32), ttlMs = PAGE_TOKEN_TTL_MS): PageTokens {
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest();
  return {
    ttlMs,
    issue(campaign, now = new Date()) {
      const token: PageToken = { campaign, nonce: randomBytes(16).toString('base64url'), expiresAt: now.getTime() + ttlMs };
      const body = Buffer.from(JSON.stringify(token)).toString('base64url');
      return `${body}.${sign(body).toString('base64url')}`;
    },
    verify(token, campaign, now = new Date()) {
      if (!TOKEN_SHAPE.test(token)) return undefined;
      const [body = '', signature = ''] = token.split('.');
      if (!timingSafeEqual(Buffer.from(signature, 'base64url'), sign(body))) return undefined;
      let content: unknown;
      try {
        content = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
      const t = content as Partial<PageToken>;
      if (typeof t.nonce !== 'string' || typeof t.expiresAt !== 'number' || t.campaign !== campaign) return undefined;
      if (t.expiresAt <= now.getTime()) return undefined;
      return { campaign: t.campaign, nonce: t.nonce, expiresAt: t.expiresAt };
    },
  };
}
