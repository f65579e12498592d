/**
 * How many letter sets one client (a daily-keyed hash of its address, never the address) may have counted as verified
 * per hour; past it, its letters are still made and counted as unverified. Generous, because one address can be a
 * whole school or office behind one router. In memory only, bounded: past `maxClients` the oldest are forgotten.
 */
export const VERIFIED_PER_HOUR = 30;
const HOUR_MS = 60 * 60 * 1000;

export function createVerifiedQuota({ perHour = VERIFIED_PER_HOUR, maxClients = 100_000 } = {}) {
  const windows = new Map<string, { start: number; used: number }>();
  return {
    /** True when `client` may have one more letter set counted as verified now (and takes it). */
    take(client: string, now = Date.now()): boolean {
      let window = windows.get(client);
      if (!window || now - window.start >= HOUR_MS) {
        windows.delete(client);
        window = { start: now, used: 0 };
        windows.set(client, window);
        for (const oldest of windows.keys()) {
          if (windows.size <= maxClients) break;
          windows.delete(oldest);
        }
      }
      if (window.used >= perHour) return false;
      window.used++;
      return true;
    },
  };
}

export type VerifiedQuota = ReturnType<typeof createVerifiedQuota>;
