import { createHash } from 'node:crypto';
import type { Database } from '../db/client.ts';
import { claimOnce, forgetExpiredClaims, releaseOnce } from '../db/once-claims.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';

/**
 * Remembers that something happened once ("page X counted a posted letter to office Y") until it expires.
 * Keys are hashes of a page's random nonce and the action: no letter, person or address is behind them.
 */
export interface OnceStore {
  /** True the first time a key is claimed within ttl; false when it already was. Throws OnceStoreUnavailable. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets a claim, for an action that failed and may be tried again. */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

export class OnceStoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('The store that makes each action count once is unavailable.', { cause });
    this.name = 'OnceStoreUnavailable';
  }
}

/** The stored key: a hash, so even the shared store never sees a page's nonce. */
export const onceKey = (nonce: string, action: string) =>
  createHash('sha256').update(`${nonce}\u0000${action}`).digest('base64url');

const PURGE_EVERY_MS = 60 * 60 * 1000;
const KNOWN_CLAIMS = 10_000;

/**
 * In the database, so a restart forgets nothing (a memory or Redis store restarted empty let an already counted
 * tally count again), and several instances sharing the database share the claims. Fails with OnceStoreUnavailable
 * while the database is down: a tally then goes uncounted (and the supporter is told) rather than counted twice.
 * Expired claims are deleted once an hour.
 */
export function createDatabaseOnceStore(db: Database, { logger = silentLogger }: { logger?: Logger } = {}): OnceStore {
  const guarded = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw new OnceStoreUnavailable(error);
    }
  };
  const purge = () =>
    forgetExpiredClaims(db, new Date()).catch((err: unknown) => logger.warn({ err: { name: (err as Error).name } }, 'expired once-claims not deleted'));
  const timer = setInterval(purge, PURGE_EVERY_MS);
  timer.unref();
  // Claims this process knows are taken, until when: a button pressed again (a PDF downloaded twice) is answered
  // without asking the database. Bounded; a claim released here is forgotten here too.
  const known = new Map<string, number>();
  const remember = (key: string, until: number) => {
    known.set(key, until);
    if (known.size > KNOWN_CLAIMS) known.delete(known.keys().next().value!);
  };
  return {
    claim: (key, ttlMs) =>
      guarded(async () => {
        const now = new Date();
        if ((known.get(key) ?? 0) > now.getTime()) return false;
        const expiresAt = new Date(now.getTime() + ttlMs);
        const claimed = await claimOnce(db, key, expiresAt, now);
        // Taken by another press or instance: its expiry is not known here, so the shorter of the two is kept.
        remember(key, expiresAt.getTime() - (claimed ? 0 : ttlMs / 2));
        return claimed;
      }),
    release: (key) =>
      guarded(async () => {
        known.delete(key);
        await releaseOnce(db, key);
      }),
    async close() {
      clearInterval(timer);
    },
  };
}

/**
 * True the first time the page with this nonce does `action`; false after. Undefined when the store cannot say
 * (the database down): the caller then counts nothing, so counts err low rather than double.
 */
export async function firstTime(store: OnceStore, nonce: string, action: string, ttlMs: number, logger: Logger = silentLogger): Promise<boolean | undefined> {
  try {
    return await store.claim(onceKey(nonce, action), ttlMs);
  } catch (err) {
    logger.warn({ err: { name: (err as Error).name } }, 'once-store unavailable: not counted');
    return undefined;
  }
}
