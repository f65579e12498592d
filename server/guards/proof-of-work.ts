import { createChallenge, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';

/**
 * The proof of work a browser with JavaScript does while the supporter writes (ALTCHA's self-hosted challenges,
 * nothing loaded from elsewhere): find a number whose SHA-256 with the challenge's salt starts with four zero hex
 * digits — about 65,000 hashes, under a second or two in a phone's browser, and a real cost for a script that wants
 * thousands of letters counted. The challenge is signed, so nothing is stored to check it; a solved challenge counts
 * once (the once-claims), and for an hour.
 */
export const CHALLENGE_TTL_MS = 60 * 60 * 1000;
const KEY_PREFIX = '0000';

export type ProofReading = { kind: 'missing' } | { kind: 'invalid' } | { kind: 'solved'; challengeId: string };

export function createProofOfWork(secret: string) {
  return {
    challenge: (now = new Date()) =>
      createChallenge({ algorithm: 'SHA-256', cost: 1, keyPrefix: KEY_PREFIX, deriveKey, hmacSignatureSecret: secret, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) }),

    /** Reads the form's `altcha` field: a base64 JSON { challenge, solution }, as ALTCHA's widget and our page send it. */
    async read(value: unknown): Promise<ProofReading> {
      if (typeof value !== 'string' || value === '') return { kind: 'missing' };
      let payload: { challenge?: Challenge; solution?: Solution };
      try {
        payload = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as typeof payload;
      } catch {
        return { kind: 'invalid' };
      }
      if (!payload?.challenge?.parameters || !payload.solution) return { kind: 'invalid' };
      try {
        const result = await verifySolution({ challenge: payload.challenge, solution: payload.solution, deriveKey, hmacSignatureSecret: secret });
        return result.verified ? { kind: 'solved', challengeId: String(payload.challenge.parameters.nonce) } : { kind: 'invalid' };
      } catch {
        return { kind: 'invalid' };
      }
    },
  };
}

export type ProofOfWork = ReturnType<typeof createProofOfWork>;
