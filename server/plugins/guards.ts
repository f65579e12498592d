import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { createClientKeys } from '../guards/client-keys.ts';
import { createFormStamps, type FormStamps } from '../guards/form-stamp.ts';
import { CHALLENGE_TTL_MS, createProofOfWork, type ProofOfWork } from '../guards/proof-of-work.ts';
import { createVerifiedQuota } from '../guards/quota.ts';
import { GUARD_FIELDS, judge, type Verdict, type VerdictReason } from '../guards/verdict.ts';
import { onceKey } from '../next-steps/once-store.ts';
import { AppError } from '../shared/errors.ts';
import { asText, type RawForm } from '../shared/form-input.ts';

declare module 'fastify' {
  interface FastifyInstance {
    guards: Guards;
  }
}

export interface Guards {
  stamps: FormStamps;
  proofOfWork: ProofOfWork;
  /** A route's rate limit, for its `config.rateLimit`. */
  limit(name: keyof typeof RATE_LIMITS): { max: number; timeWindow: number };
  /** Whether a composed letter form counts as verified, unverified or not at all (guards/verdict.ts). */
  judgeLetterForm(request: FastifyRequest, body: RawForm): Promise<{ verdict: Verdict; reason?: VerdictReason }>;
}

/** Per client (guards/client-keys.ts): past these, 429. */
export const RATE_LIMITS = {
  letterForm: { max: 60, timeWindow: 60_000 },
  pageButton: { max: 120, timeWindow: 60_000 },
  challenge: { max: 60, timeWindow: 60_000 },
  email: { max: 5, timeWindow: 10 * 60_000 },
  signIn: { max: 20, timeWindow: 60_000 },
} as const;

export interface GuardOptions {
  redisUrl: string | undefined;
  /** Verified letter sets per client and hour (guards/quota.ts). */
  verifiedPerHour?: number;
  /** Multiplies every rate limit (tests, whose requests all come from one address, raise them). */
  rateLimitScale?: number;
  /** TRUST_PROXY is set: client addresses come from the proxy's X-Forwarded-For. */
  trustsProxy?: boolean;
}

/**
 * Behind a proxy that TRUST_PROXY does not name, every request seems to come from the proxy, so all supporters share
 * one client's limits and quota. Said once, at the first request that shows a proxy (never its addresses).
 */
function warnOnceWhenProxied(app: FastifyInstance) {
  let warned = false;
  app.addHook('onRequest', async (request) => {
    if (warned || request.headers['x-forwarded-for'] === undefined) return;
    warned = true;
    app.log.warn(
      "requests come through a proxy (they carry X-Forwarded-For) but TRUST_PROXY is not set: every supporter behind it shares one client's rate limits and verified quota. Set TRUST_PROXY to the proxy's address",
    );
  });
}

/**
 * What keeps scripts from inflating the counts, keeping nothing about anyone: form stamps, ALTCHA's proof of work,
 * a per-client hourly quota of verified letters, and per-client rate limits (@fastify/rate-limit, shared through
 * Redis when REDIS_URL is set; a Redis that does not answer lets requests through rather than refusing supporters).
 */
export default fp(
  async (app, opts: GuardOptions) => {
    const scale = opts.rateLimitScale ?? 1;
    const redis = opts.redisUrl
      ? new Redis(opts.redisUrl, { connectTimeout: 1000, commandTimeout: 1000, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false })
      : undefined;
    // Connection errors surface as skipped limits; without a listener ioredis would print them.
    redis?.on('error', () => {});
    const clientKeys = createClientKeys(redis);
    if (!opts.trustsProxy) warnOnceWhenProxied(app);
    await app.register(rateLimit, {
      global: false,
      keyGenerator: (request) => clientKeys.keyOf(request.ip),
      ...(redis && { redis, nameSpace: 'appeal-letters:rate:' }),
      skipOnError: true,
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', `Too many requests from your network just now. Please wait ${Math.ceil(context.ttl / 1000)} seconds and try again: go back, and what you typed is still there.`, 429, {
          seconds: String(Math.ceil(context.ttl / 1000)),
        }),
    });
    if (redis) app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));

    const stamps = createFormStamps(app.keyFor('form stamps'));
    const proofOfWork = createProofOfWork(app.keyFor('proof of work').toString('hex'));
    const quota = createVerifiedQuota({ perHour: opts.verifiedPerHour });

    app.decorate('guards', {
      limit: (name) => ({ max: RATE_LIMITS[name].max * scale, timeWindow: RATE_LIMITS[name].timeWindow }),
      stamps,
      proofOfWork,
      async judgeLetterForm(request, body) {
        let proof = await proofOfWork.read(body[GUARD_FIELDS.proof]);
        let proofFirstUse = false;
        if (proof.kind === 'solved') {
          // A solved challenge counts once. When the store cannot say (the database is down), the proof is set aside:
          // the letter then counts as unverified, never twice.
          try {
            proofFirstUse = await app.onceStore.claim(onceKey(proof.challengeId, 'proof of work'), CHALLENGE_TTL_MS);
          } catch {
            proof = { kind: 'missing' };
          }
        }
        const client = await clientKeys.keyOf(request.ip);
        const outcome = judge({
          honeypot: asText(body[GUARD_FIELDS.honeypot]),
          stamp: stamps.read(body[GUARD_FIELDS.stamp]),
          proof,
          proofFirstUse,
          withinQuota: () => quota.take(client),
        });
        request.log.info({ verdict: outcome.verdict, reason: outcome.reason }, 'letter form judged');
        return outcome;
      },
    } satisfies Guards);
  },
  { name: 'guards', dependencies: ['signed-tokens', 'once-store'] },
);
