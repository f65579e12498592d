import { describe, expect, it } from 'vitest';
import { createSignedTokens } from '../../server/shared/signed-tokens.ts';

describe('signed tokens', () => {
  const tokens = createSignedTokens('a-secret-of-at-least-thirty-two-characters', 60_000);

  it('carries a fresh random nonce for its campaign and nothing else', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const first = tokens.verify(tokens.issue('appeal', now), 'appeal', now);
    const second = tokens.verify(tokens.issue('appeal', now), 'appeal', now);
    expect(first).toEqual({ scope: 'appeal', nonce: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), expiresAt: now.getTime() + 60_000 });
    expect(second!.nonce).not.toBe(first!.nonce);
  });

  it('is accepted by another instance with the same secret only', () => {
    const token = tokens.issue('appeal');
    expect(createSignedTokens('a-secret-of-at-least-thirty-two-characters').verify(token, 'appeal')).toBeDefined();
    expect(createSignedTokens('another-secret-of-at-least-thirty-two-chars').verify(token, 'appeal')).toBeUndefined();
    expect(createSignedTokens().verify(token, 'appeal')).toBeUndefined();
  });

  it('refuses a token that expired, belongs to another campaign, was altered or is not a token', () => {
    const issuedAt = new Date('2026-11-22T12:00:00Z');
    const token = tokens.issue('appeal', issuedAt);
    expect(tokens.verify(token, 'appeal', new Date(issuedAt.getTime() + 59_999))).toBeDefined();
    expect(tokens.verify(token, 'appeal', new Date(issuedAt.getTime() + 60_000))).toBeUndefined();
    expect(tokens.verify(token, 'other-appeal', issuedAt)).toBeUndefined();

    const [body, signature] = token.split('.') as [string, string];
    const content = JSON.parse(Buffer.from(body, 'base64url').toString());
    const longer = Buffer.from(JSON.stringify({ ...content, expiresAt: content.expiresAt + 1e9 })).toString('base64url');
    expect(tokens.verify(`${longer}.${signature}`, 'appeal', issuedAt)).toBeUndefined();
    for (const junk of ['', 'x', `${body}.`, `${body}.${'A'.repeat(43)}`, 'a'.repeat(5000)]) {
      expect(tokens.verify(junk, 'appeal', issuedAt)).toBeUndefined();
    }
  });

  it('carries what it is bound to, signed with the rest', () => {
    const bound = tokens.issue('appeal', new Date(), 'offices-hash');
    expect(tokens.verify(bound, 'appeal')?.binding).toBe('offices-hash');
    expect(tokens.verify(tokens.issue('appeal'), 'appeal')?.binding).toBeUndefined();
    const [body, signature] = bound.split('.') as [string, string];
    const content = JSON.parse(Buffer.from(body, 'base64url').toString());
    const rebound = Buffer.from(JSON.stringify({ ...content, binding: 'other' })).toString('base64url');
    expect(tokens.verify(`${rebound}.${signature}`, 'appeal')).toBeUndefined();
  });

  it('refuses a token whose expiry is further off than this server would ever give', () => {
    const longer = createSignedTokens('a-secret-of-at-least-thirty-two-characters', 10 * 60_000).issue('appeal');
    expect(tokens.verify(longer, 'appeal')).toBeUndefined();
    expect(createSignedTokens('a-secret-of-at-least-thirty-two-characters', 10 * 60_000).verify(longer, 'appeal')).toBeDefined();
  });

  it('refuses every other spelling of its signature, even one that decodes to the same bytes', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < 20; i++) {
      const token = tokens.issue('appeal');
      const last = token.at(-1)!;
      // The signature's last character carries 4 bits and 2 spare ones: its neighbour in the alphabet decodes alike.
      const sibling = ALPHABET[ALPHABET.indexOf(last) ^ 1]!;
      expect(tokens.verify(`${token.slice(0, -1)}${sibling}`, 'appeal'), `${last} → ${sibling}`).toBeUndefined();
    }
  });
});
