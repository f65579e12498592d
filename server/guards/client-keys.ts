import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { utcDay } from '../shared/day.ts';

/**
 * Who is sending, for rate limits only: an HMAC of the client's address under a key that changes every UTC day and
 * is never written down. One instance makes each day's key at random in memory; several share it through Redis
 * (memory only there too, gone after two days). Yesterday's counts cannot be tied to today's, nor any to an address.
 */
export interface ClientKeys {
  keyOf(address: string, now?: Date): Promise<string>;
}

const REDIS_KEY = 'appeal-letters:client-key:';
const KEPT_SECONDS = 2 * 24 * 60 * 60;

export function createClientKeys(redis?: Redis): ClientKeys {
  let today: { day: string; key: Promise<Buffer> } | undefined;
  const keyFor = (day: string): Promise<Buffer> => {
    if (today?.day === day) return today.key;
    const fresh = randomBytes(32).toString('hex');
    if (!redis) {
      today = { day, key: Promise.resolve(Buffer.from(fresh, 'hex')) };
      return today.key;
    }
    const kept = {
      day,
      key: redis
        .set(REDIS_KEY + day, fresh, 'EX', KEPT_SECONDS, 'NX')
        .then(() => redis.get(REDIS_KEY + day))
        .then((shared) => Buffer.from(shared ?? fresh, 'hex'))
        .catch(() => {
          // Redis did not answer: this instance's own key for now (its limits are then its own), Redis asked again next time.
          if (today === kept) today = undefined;
          return Buffer.from(fresh, 'hex');
        }),
    };
    today = kept;
    return kept.key;
  };
  return {
    async keyOf(address, now = new Date()) {
      const key = await keyFor(utcDay(now));
      return createHmac('sha256', key).update(address).digest('base64url').slice(0, 22);
    },
  };
}
