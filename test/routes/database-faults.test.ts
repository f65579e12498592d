import { describe, expect, it } from 'vitest';
import { copyFileSync, renameSync } from 'node:fs';
import { parseDatabaseUrl } from '../../server/db/url.ts';
import type { TestApp } from '../support/app.ts';
import { buildTestApp, SEED_OFFICES } from '../support/app.ts';
import { downloadPack } from '../support/next-steps.ts';
import { Browser, organizerHash, ORGANIZER_PASSWORD } from '../support/organize.ts';

/** What a monitor, an organizer and the counts API see while the database fails, and what a supporter still gets. */
const TOKEN = 'faults-counts-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
const UNAVAILABLE = /The counts cannot be shown now: the database is not taking writes or not answering/;

const start = async () => buildTestApp({ countsFlushIntervalMs: 60_000, countsToken: TOKEN, organizer: { passwordHash: await organizerHash() } });
const slugOf = (t: TestApp) => t.app.catalog.listCampaigns()[0]!.slug;
const ready = async (t: TestApp) => {
  const response = await t.app.inject({ url: '/ready' });
  return { code: response.statusCode, status: response.json().status as string };
};
const countsApi = (t: TestApp) => t.app.inject({ url: `/api/campaigns/${slugOf(t)}/counts`, headers: auth });
const aLetter = async (t: TestApp) => {
  const response = await downloadPack(t.app, slugOf(t), { name: 'Still Gets A Letter', offices: SEED_OFFICES });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
};

/**
 * Makes the app's database refuse writes and still answer reads: for SQLite, its connection made read-only (the
 * same "attempt to write a readonly database" a read-only file gives); for PostgreSQL, a trigger on the tables it writes.
 */
async function refuseWrites(t: TestApp): Promise<() => Promise<void>> {
  const prisma = t.app.db.prisma;
  if (t.app.db.provider === 'sqlite') {
    await prisma.$executeRawUnsafe('PRAGMA query_only = ON');
    return async () => void (await prisma.$executeRawUnsafe('PRAGMA query_only = OFF'));
  }
  await prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_writes() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'cannot execute INSERT in a read-only transaction'; END $$ LANGUAGE plpgsql`);
  const tables = ['daily_counts', 'once_claims'];
  for (const table of tables) {
    await prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_writes BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_writes()`);
  }
  return async () => {
    for (const table of tables) await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_writes ON ${table}`);
    await prisma.$executeRawUnsafe('DROP FUNCTION refuse_writes()');
  };
}

describe('a database that stops taking writes', () => {
  it('turns /ready to 503 and the counts API to 503 with its own message, never stale numbers; all comes back after', async () => {
    const t = await start();
    try {
      await aLetter(t);
      expect((await countsApi(t)).json().totals.packs).toBe(1);
      const allow = await refuseWrites(t);
      await aLetter(t);
      const api = await countsApi(t);
      expect(api.statusCode).toBe(503);
      expect(api.headers['retry-after']).toBeDefined();
      expect(api.json().message).toMatch(UNAVAILABLE);
      expect(await ready(t)).toEqual({ code: 503, status: 'counts not being written' });
      // The supporter is never told: a third letter is made as ever.
      await aLetter(t);
      expect(t.logs.join('')).toContain('counts flush failed');

      await allow();
      // Held in memory meanwhile, written now. While writes failed, no proof of work could be claimed once, so those
      // two letters count as unverified (server/plugins/guards.ts), never twice.
      const { totals } = (await countsApi(t)).json();
      expect({ verified: totals.packs, unverified: totals.unverified.packs }).toEqual({ verified: 1, unverified: 2 });
      expect(await ready(t)).toEqual({ code: 200, status: 'ready' });
    } finally {
      await t.close();
    }
  });

  it('shows signed-in organizers a 503 page in their language that says what is wrong, not the supporters\' error', async () => {
    const t = await start();
    try {
      const browser = new Browser(t.app);
      await browser.signIn(ORGANIZER_PASSWORD);
      await aLetter(t);
      const allow = await refuseWrites(t);
      const dashboard = await browser.get(`/organize/c/${slugOf(t)}`);
      expect(dashboard.statusCode).toBe(503);
      expect(dashboard.body).toMatch(UNAVAILABLE);
      const german = await browser.get(`/de/organize/c/${slugOf(t)}`);
      expect(german.statusCode).toBe(503);
      expect(german.body).toContain('Die Zahlen können gerade nicht angezeigt werden');
      await allow();
      expect((await browser.get(`/organize/c/${slugOf(t)}`)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('a database that does not answer', () => {
  it('answers the counts API with 503 and its own message, and /ready with 503', async () => {
    const t = await start();
    try {
      await t.app.db.close(); // gone underneath the running app, as a stopped PostgreSQL is
      await aLetter(t);
      const api = await countsApi(t);
      expect(api.statusCode).toBe(503);
      expect(api.json().message).toMatch(UNAVAILABLE);
      expect(api.json().message).not.toMatch(/letter could not be made|try again later/i);
      expect(await ready(t)).toEqual({ code: 503, status: 'database unavailable' });
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});

describe.skipIf(process.env.TEST_DATABASE_URL)('the SQLite file deleted while the server runs', () => {
  it('is found by /ready (503), logged loudly, its counts kept, and written to the file once it is put back', async () => {
    const t = await start();
    try {
      const file = parseDatabaseUrl(t.databaseUrl);
      if (file.provider !== 'sqlite') throw new Error('expected SQLite');
      await aLetter(t);
      expect((await countsApi(t)).json().totals.packs).toBe(1);
      await t.app.db.prisma.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
      copyFileSync(file.filename, `${file.filename}.backup`);

      renameSync(file.filename, `${file.filename}.moved`); // as `rm` does to the path; the open file lives on
      expect(await ready(t)).toEqual({ code: 503, status: 'database file missing' });
      // Nothing unwritten yet, but what the open file holds is about to be lost: not shown as if all were well.
      expect((await countsApi(t)).statusCode).toBe(503);
      await aLetter(t);
      expect((await countsApi(t)).statusCode).toBe(503);
      const logged = t.logs.filter((line) => line.includes('counts flush failed')).join('');
      expect(logged).toContain('"level":50');
      expect(logged).toContain('was deleted or moved while the server runs');

      renameSync(`${file.filename}.backup`, file.filename);
      expect(await ready(t)).toEqual({ code: 200, status: 'ready' });
      const { totals } = (await countsApi(t)).json();
      expect(totals.packs + totals.unverified.packs).toBe(2);
    } finally {
      await t.close();
    }
  });
});
