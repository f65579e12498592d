import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
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

/**
 * For one instance. Bounded: past `maxEntries` the oldest claims are forgotten first, so a very old page might
 * count a second time rather than the process growing without limit.
 */
export function createMemoryOnceStore({ maxEntries = 200_000 } = {}): OnceStore {
  const expiries = new Map<string, number>();
  return {
    async claim(key, ttlMs) {
      const now = Date.now();
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > now) return false;
      expiries.delete(key);
      expiries.set(key, now + ttlMs);
      // A Map iterates in insertion order: the first entries are the oldest claims.
      for (const [oldest, until] of expiries) {
        if (expiries.size <= maxEntries && until > now) break;
        expiries.delete(oldest);
      }
      return true;
    },
    async release(key) {
      expiries.delete(key);
    },
    async close() {
      expiries.clear();
    },
  };
}

const PREFIX = 'appeal-letters:once:';

/**
 * For several instances. Fails fast instead of queueing while Redis is down: a tally then goes uncounted
 * (and the supporter is told), rather than counted twice or left hanging.
 */
export function createRedisOnceStore(url: string, { commandTimeoutMs = 1000 } = {}): OnceStore {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: commandTimeoutMs * 2,
    commandTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Connection errors surface through the commands below; without a listener ioredis would print them.
  redis.on('error', () => {});
  let connecting: Promise<void> | undefined;
  const ready = async () => {
    if (redis.status === 'ready') return;
    if (redis.status === 'wait') connecting ??= redis.connect().finally(() => (connecting = undefined));
    if (connecting) await connecting;
  };
  const guarded = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      await ready();
      return await action();
    } catch (error) {
      throw new OnceStoreUnavailable(error);
    }
  };
  return {
    claim: (key, ttlMs) => guarded(async () => (await redis.set(PREFIX + key, '1', 'PX', ttlMs, 'NX')) === 'OK'),
    release: (key) => guarded(async () => void (await redis.del(PREFIX + key))),
    async close() {
      if (redis.status === 'wait' || redis.status === 'end') {
        redis.disconnect();
        return;
      }
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * True the first time the page with this nonce does `action`; false after. Undefined when the store cannot say
 * (Redis down): the caller then counts nothing, so counts err low rather than double.
 */
export async function firstTime(store: OnceStore, nonce: string, action: string, ttlMs: number, logger: Logger = silentLogger): Promise<boolean | undefined> {
  try {
    return await store.claim(onceKey(nonce, action), ttlMs);
  } catch (err) {
    logger.warn({ err: { name: (err as Error).name } }, 'once-store unavailable: not counted');
    return undefined;
  }
}
