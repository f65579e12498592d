import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { forgetExpiredClaims } from '../../server/db/once-claims.ts';
import { createDatabaseOnceStore, onceKey, OnceStoreUnavailable, type OnceStore } from '../../server/next-steps/once-store.ts';
import { createDatabase, type Database } from '../../server/db/client.ts';
import { buildTestApp, SEED_OFFICES } from '../support/app.ts';
import { openTestDatabase, type OpenTestDatabase } from '../support/database.ts';
import { composeLetters, pressButton } from '../support/next-steps.ts';

let database: OpenTestDatabase;
let store: OnceStore;
beforeAll(async () => {
  database = await openTestDatabase();
  store = createDatabaseOnceStore(database.db);
});
afterAll(async () => {
  await store?.close();
  await database?.close();
});

describe('the once-store, in the database', () => {
  it('claims a key once until it expires, and again after a release or once expired', async () => {
    const [a, b, short] = [randomUUID(), randomUUID(), randomUUID()];
    expect(await store.claim(a, 60_000)).toBe(true);
    expect(await store.claim(a, 60_000)).toBe(false);
    expect(await store.claim(b, 60_000)).toBe(true);
    await store.release(a);
    expect(await store.claim(a, 60_000)).toBe(true);
    expect(await store.claim(short, 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await store.claim(short, 60_000)).toBe(true);
    expect(await store.claim(short, 60_000)).toBe(false);
  });

  it('lets only one of two processes sharing the database claim a key, even at the same moment', async () => {
    const other: Database = await createDatabase(database.url);
    const otherStore = createDatabaseOnceStore(other);
    try {
      for (let round = 0; round < 5; round++) {
        const key = onceKey(randomUUID(), 'tally:posted:office');
        const results = await Promise.all([store.claim(key, 60_000), otherStore.claim(key, 60_000), store.claim(key, 60_000), otherStore.claim(key, 60_000)]);
        expect(results.filter(Boolean)).toHaveLength(1);
      }
    } finally {
      await otherStore.close();
      await other.close();
    }
  });

  it('forgets expired claims when asked, and keeps the others', async () => {
    const [gone, kept] = [randomUUID(), randomUUID()];
    await store.claim(gone, 1);
    await store.claim(kept, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await forgetExpiredClaims(database.db, new Date())).toBeGreaterThanOrEqual(1);
    expect(await database.db.prisma.onceClaim.count({ where: { key: gone } })).toBe(0);
    expect(await store.claim(kept, 60_000)).toBe(false);
  });

  it('fails with OnceStoreUnavailable when the database cannot answer, rather than claiming', async () => {
    const closing: Database = await createDatabase(database.url);
    const closingStore = createDatabaseOnceStore(closing);
    await closing.close();
    await expect(closingStore.claim(randomUUID(), 1000)).rejects.toBeInstanceOf(OnceStoreUnavailable);
    await closingStore.close();
  });

  it('stores hashed keys: the page nonce itself never reaches the database', async () => {
    const nonce = `planted-nonce-${randomUUID()}`;
    expect(onceKey(nonce, 'email')).not.toContain(nonce);
    expect(onceKey(nonce, 'email')).toBe(onceKey(nonce, 'email'));
    expect(onceKey(nonce, 'email')).not.toBe(onceKey(nonce, 'pack:letter'));
    await store.claim(onceKey(nonce, 'email'), 60_000);
    if (database.filename) {
      await database.db.prisma.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
      expect(readFileSync(database.filename).includes(Buffer.from(nonce))).toBe(false);
    }
  });
});

describe('a tally counted before a restart', () => {
  it('is not counted again by the server started after it, on the same database', async () => {
    const shared = { pageTokenSecret: randomBytes(32).toString('hex') };
    const before = await buildTestApp(shared);
    const after = await buildTestApp({ ...shared, databaseUrl: before.databaseUrl });
    try {
      const slug = before.app.catalog.listCampaigns()[0]!.slug;
      const { page } = await composeLetters(before.app, slug, { name: 'Ada Example', offices: SEED_OFFICES });
      const tally = { tally: `posted:${SEED_OFFICES[0]}` };
      const first = await pressButton(before.app, `/c/${slug}/letters/tally`, page, tally, { accept: 'application/json' });
      expect(first.json().outcome).toBe('counted');
      await before.app.close();
      const again = await pressButton(after.app, `/c/${slug}/letters/tally`, page, tally, { accept: 'application/json' });
      expect(again.json().outcome).toBe('already-counted');
    } finally {
      await after.close();
      await before.close().catch(() => undefined);
    }
  });
});
