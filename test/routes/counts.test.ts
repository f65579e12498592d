import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../server/content/campaign.ts';
import { downloadPack } from '../support/next-steps.ts';
import { buildTestApp, postForm, type TestApp, SEED_OFFICES } from '../support/app.ts';

let t: TestApp;
let campaign: Campaign;
const TOKEN = 'counts-token-for-tests-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  // A long interval: the counts endpoint must flush what is still in memory by itself.
  t = await buildTestApp({ countsFlushIntervalMs: 60_000, countsToken: TOKEN });
  campaign = t.app.catalog.listCampaigns()[0]!;
});
afterAll(async () => t?.close());

const submit = (fields: Record<string, string | string[]>) =>
  postForm(t.app, `/c/${campaign.slug}/letters`, fields);
const counts = async () => (await t.app.inject({ method: 'GET', url: `/api/campaigns/${campaign.slug}/counts`, headers: auth })).json();

describe('anonymous counts', () => {
  it('counts 50 simultaneous submissions as exactly 50', async () => {
    const before = await counts();
    const offices = t.app.catalog.offeredOffices(campaign);
    const optional = campaign.letter.paragraphs.filter((p) => p.optional);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        submit({
          name: `Supporter ${i}`,
          offices: [offices[i % 2]!.id],
          paragraphs: i < 20 ? [optional[0]!.id] : [],
          ownWords: i < 10 ? 'Some words of mine.' : '',
          paperSize: i % 5 === 0 ? 'a4' : 'letter',
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(200));

    const after = await counts();
    const diff = (pick: (c: any) => number | undefined) => (pick(after) ?? 0) - (pick(before) ?? 0);
    expect(diff((c) => c.totals.packs)).toBe(50);
    expect(diff((c) => c.totals.letters)).toBe(50);
    expect(diff((c) => c.totals.offices[offices[0]!.id])).toBe(25);
    expect(diff((c) => c.totals.offices[offices[1]!.id])).toBe(25);
    expect(diff((c) => c.totals.paragraphs[optional[0]!.id])).toBe(20);
    expect(diff((c) => c.totals.ownWords)).toBe(10);
    expect(diff((c) => c.totals.paper.a4)).toBe(10);
    expect(diff((c) => c.totals.paper.letter)).toBe(40);
    const today = new Date().toISOString().slice(0, 10);
    expect(after.days.at(-1).day).toBe(today);
  });

  it('counts one letter per office in a pack', async () => {
    const before = await counts();
    expect((await submit({ name: 'All of them', offices: SEED_OFFICES })).statusCode).toBe(200);
    const after = await counts();
    const open = SEED_OFFICES.length;
    expect(after.totals.letters - before.totals.letters).toBe(open);
    expect(after.totals.packs - before.totals.packs).toBe(1);
  });

  it('does not count a rejected submission', async () => {
    const before = await counts();
    expect((await submit({ name: '', offices: SEED_OFFICES })).statusCode).toBe(400);
    expect((await submit({ name: 'B', region: 'US-CA', action: 'pick-region' })).statusCode).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for an unknown campaign and 400 for a bad date range', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/campaigns/nope/counts', headers: auth })).statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'GET', url: `/api/campaigns/${campaign.slug}/counts?from=yesterday`, headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('from');
  });
});

describe('access to the counts', () => {
  it('needs the organizers\' token: missing, wrong or of another length gets 401, never 500', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN.slice(0, -1)}x`, 'Bearer short', `Bearer ${TOKEN}${TOKEN}`, TOKEN]) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/campaigns/${campaign.slug}/counts`,
        headers: authorization ? { authorization } : {},
      });
      expect(response.statusCode, String(authorization)).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json()).not.toHaveProperty('totals');
    }
  });

  it('is off when no token is configured', async () => {
    const noToken = await buildTestApp();
    try {
      const slug = noToken.app.catalog.listCampaigns()[0]!.slug;
      const response = await noToken.app.inject({ method: 'GET', url: `/api/campaigns/${slug}/counts`, headers: auth });
      expect(response.statusCode).toBe(404);
      expect(response.json().message).toContain('COUNTS_TOKEN');
    } finally {
      await noToken.close();
    }
  });
});

describe('when the database fails', () => {
  it('still sends the PDF and logs the failed count write', async () => {
    const broken = await buildTestApp({ countsFlushIntervalMs: 50 });
    try {
      const slug = broken.app.catalog.listCampaigns()[0]!.slug;
      await broken.app.db.close(); // the database goes away underneath the running app
      const response = await downloadPack(broken.app, slug, { name: 'Still Gets A Letter', offices: SEED_OFFICES });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(broken.logs.join('')).toContain('counts flush failed');
      expect((await broken.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});
