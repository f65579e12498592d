import { createHmac, randomBytes } from 'node:crypto';

/**
 * Slows down repeated wrong sign-ins. Failures are remembered per client for `windowMs`, keyed by an HMAC of the
 * client's address with a key that lives only in this process's memory: the raw address is never kept, and the key
 * is gone when the process ends. Each process keeps its own tally.
 */
export interface SignInThrottle {
  /** How long to wait before answering this client's next wrong credential. */
  delayFor(client: string, now?: number): number;
  /** Seconds until this client may try again, when it has used up its tries in the window; otherwise 0. */
  lockedFor(client: string, now?: number): number;
  failed(client: string, now?: number): void;
  succeeded(client: string): void;
}

export interface ThrottleOptions {
  /** Failures forgiven without delay. */
  freeFailures?: number;
  /** Delay after the first slowed failure; it doubles with each one after, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Failures after which a client gets 429 until its window ends. */
  lockAfter?: number;
  windowMs?: number;
  /** Clients remembered at most; the oldest are forgotten first. */
  maxClients?: number;
}

interface Failures {
  count: number;
  firstAt: number;
}

export function createSignInThrottle({
  freeFailures = 3,
  baseDelayMs = 1000,
  maxDelayMs = 8000,
  lockAfter = 20,
  windowMs = 15 * 60_000,
  maxClients = 10_000,
}: ThrottleOptions = {}): SignInThrottle {
  const key = randomBytes(32);
  const failures = new Map<string, Failures>();
  const idOf = (client: string) => createHmac('sha256', key).update(client).digest('base64url');

  function current(client: string, now: number): Failures | undefined {
    const id = idOf(client);
    const entry = failures.get(id);
    if (entry && now - entry.firstAt > windowMs) {
      failures.delete(id);
      return undefined;
    }
    return entry;
  }

  return {
    delayFor(client, now = Date.now()) {
      const count = current(client, now)?.count ?? 0;
      if (count === 0 || count < freeFailures) return 0;
      return Math.min(maxDelayMs, baseDelayMs * 2 ** (count - freeFailures));
    },
    lockedFor(client, now = Date.now()) {
      const entry = current(client, now);
      if (!entry || entry.count < lockAfter) return 0;
      return Math.ceil((entry.firstAt + windowMs - now) / 1000);
    },
    failed(client, now = Date.now()) {
      const id = idOf(client);
      const entry = current(client, now);
      if (entry) {
        entry.count += 1;
        return;
      }
      if (failures.size >= maxClients) failures.delete(failures.keys().next().value!);
      failures.set(id, { count: 1, firstAt: now });
    },
    succeeded(client) {
      failures.delete(idOf(client));
    },
  };
}
