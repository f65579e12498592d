import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { closedPort } from '../support/smtp-peer.ts';
import { createMemoryOnceStore, createRedisOnceStore, onceKey, OnceStoreUnavailable } from '../../server/next-steps/once-store.ts';
import { requireTools, REDIS_URL } from '../support/requirements.ts';

const needs = requireTools('redis');

describe.skipIf(needs.missing)('the memory once-store', () => {
  it('claims a key once until it expires, and again after a release', async () => {
    const store = createMemoryOnceStore();
    expect(await store.claim('a', 60_000)).toBe(true);
    expect(await store.claim('a', 60_000)).toBe(false);
    expect(await store.claim('b', 60_000)).toBe(true);
    await store.release('a');
    expect(await store.claim('a', 60_000)).toBe(true);
    expect(await store.claim('short', 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.claim('short', 60_000)).toBe(true);
  });

  it('forgets the oldest claims first when full, instead of growing without limit', async () => {
    const store = createMemoryOnceStore({ maxEntries: 3 });
    for (const key of ['1', '2', '3', '4']) expect(await store.claim(key, 60_000)).toBe(true);
    expect(await store.claim('1', 60_000)).toBe(true);
    expect(await store.claim('4', 60_000)).toBe(false);
  });
});

describe.skipIf(needs.missing)('the Redis once-store (several instances)', () => {
  const stores = [createRedisOnceStore(REDIS_URL), createRedisOnceStore(REDIS_URL)];
  afterAll(async () => Promise.all(stores.map((s) => s.close())));

  it('lets only one of two instances claim the same key, even at the same moment', async () => {
    const key = onceKey(randomUUID(), 'tally:posted:office');
    const results = await Promise.all([stores[0]!.claim(key, 60_000), stores[1]!.claim(key, 60_000), stores[0]!.claim(key, 60_000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await stores[1]!.release(key);
    expect(await stores[0]!.claim(key, 60_000)).toBe(true);
  });

  it('fails fast with OnceStoreUnavailable when Redis is down, rather than hanging', async () => {
    const down = createRedisOnceStore(`redis://127.0.0.1:${await closedPort()}`);
    const started = Date.now();
    await expect(down.claim('k', 1000)).rejects.toBeInstanceOf(OnceStoreUnavailable);
    expect(Date.now() - started).toBeLessThan(5000);
    await down.close();
  });

  it('stores hashed keys: the page nonce itself never reaches Redis', () => {
    const nonce = 'planted-nonce-value';
    expect(onceKey(nonce, 'email')).not.toContain(nonce);
    expect(onceKey(nonce, 'email')).toBe(onceKey(nonce, 'email'));
    expect(onceKey(nonce, 'email')).not.toBe(onceKey(nonce, 'pack:letter'));
  });
});
