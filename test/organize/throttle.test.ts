import { describe, expect, it } from 'vitest';
import { createSignInThrottle } from '../../server/organize/throttle.ts';

describe('sign-in throttle', () => {
  it('lets a few mistakes pass, then doubles the wait up to a ceiling', () => {
    const throttle = createSignInThrottle({ freeFailures: 2, baseDelayMs: 1000, maxDelayMs: 4000 });
    const delays = [];
    for (let i = 0; i < 6; i++) {
      delays.push(throttle.delayFor('198.51.100.7', 0));
      throttle.failed('198.51.100.7', 0);
    }
    expect(delays).toEqual([0, 0, 1000, 2000, 4000, 4000]);
    expect(throttle.delayFor('198.51.100.8', 0)).toBe(0);
  });

  it('locks a client out for the rest of its window after too many failures, then forgets', () => {
    const throttle = createSignInThrottle({ lockAfter: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) throttle.failed('client', 1000);
    expect(throttle.lockedFor('client', 31_000)).toBe(30);
    expect(throttle.lockedFor('client', 61_001)).toBe(0);
    expect(throttle.delayFor('client', 61_001)).toBe(0);
  });

  it('forgets a client that signs in', () => {
    const throttle = createSignInThrottle({ freeFailures: 0 });
    throttle.failed('client');
    throttle.succeeded('client');
    expect(throttle.delayFor('client')).toBe(0);
  });

  it('remembers a bounded number of clients', () => {
    const throttle = createSignInThrottle({ freeFailures: 0, maxClients: 2 });
    for (const client of ['a', 'b', 'c']) throttle.failed(client, 0);
    expect(throttle.delayFor('a', 0)).toBe(0);
    expect(throttle.delayFor('c', 0)).toBeGreaterThan(0);
  });
});
