import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { buildTestApp, type TestApp, SEED_OFFICES } from '../support/app.ts';
import { composeLetters, pressButton } from '../support/next-steps.ts';

/** Instances behind a load balancer: any of them may get the next press of a button on a page another one drew. */
const SLUG = 'stop-forced-return';
const supporter = { name: 'Ada Example', offices: SEED_OFFICES };
const json = { accept: 'application/json' };

let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  const shared = { pageTokenSecret: randomBytes(32).toString('hex') };
  a = await buildTestApp(shared);
  b = await buildTestApp({ ...shared, databaseUrl: a.databaseUrl });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

describe('several instances sharing the database and the page secret', () => {
  it('count a tally once whichever instance gets each press', async () => {
    const { page } = await composeLetters(a.app, SLUG, supporter);
    const tally = { tally: 'posted:embassy-washington' };
    const outcomes = await Promise.all([
      pressButton(b.app, `/c/${SLUG}/letters/tally`, page, tally, json),
      pressButton(a.app, `/c/${SLUG}/letters/tally`, page, tally, json),
      pressButton(b.app, `/c/${SLUG}/letters/tally`, page, tally, json),
    ]);
    expect(outcomes.map((r) => r.json().outcome).sort()).toEqual(['already-counted', 'already-counted', 'counted']);
  });

  it('make the PDF from a page another instance drew', async () => {
    const { page } = await composeLetters(a.app, SLUG, supporter);
    const response = await pressButton(b.app, `/c/${SLUG}/letters/pdf`, page, { kind: 'letter' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
  });

  it('refuse a page signed with another secret', async () => {
    const stranger = await buildTestApp({ databaseUrl: a.databaseUrl, pageTokenSecret: randomBytes(32).toString('hex') });
    try {
      const { page } = await composeLetters(a.app, SLUG, supporter);
      const response = await pressButton(stranger.app, `/c/${SLUG}/letters/tally`, page, { tally: 'posted:embassy-washington' });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('This page has expired or was changed');
    } finally {
      await stranger.close();
    }
  });
});

describe('when the database is down', () => {
  it('still makes letters and PDFs, and says a tally was not recorded instead of failing', async () => {
    const app = await buildTestApp();
    try {
      const { page } = await composeLetters(app.app, SLUG, supporter);
      await app.app.db.close();
      const pdf = await pressButton(app.app, `/c/${SLUG}/letters/pdf`, page, { kind: 'letter' });
      expect(pdf.statusCode).toBe(200);
      const tally = await pressButton(app.app, `/c/${SLUG}/letters/tally`, page, { tally: 'posted:embassy-washington' });
      expect(tally.statusCode).toBe(200);
      expect(tally.body).toContain('We could not record this just now');
      expect(tally.body).not.toMatch(/class="tally done"/);
      expect(app.logs.join('\n')).toContain('once-store unavailable');
    } finally {
      await app.close();
    }
  });
});
