import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../server/content/campaign.ts';
import { METRIC } from '../../server/counts/metrics.ts';
import { incrementCounts } from '../../server/db/daily-counts.ts';
import { buildTestApp, type TestApp, SEED_OFFICES } from '../support/app.ts';
import { composeLetters, pressButton } from '../support/next-steps.ts';

let t: TestApp;
let campaign: Campaign;
const TOKEN = 'counts-export-token-for-tests-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  // A long interval: the export must flush what is still in memory by itself.
  t = await buildTestApp({ countsFlushIntervalMs: 60_000, countsToken: TOKEN });
  campaign = t.app.catalog.listCampaigns()[0]!;
  const offices = t.app.catalog.offeredOffices(campaign);
  const optional = campaign.letter.paragraphs.filter((p) => p.optional);
  await composeLetters(t.app, campaign.slug, { name: 'Ada Example', offices: SEED_OFFICES });
  const { page } = await composeLetters(t.app, campaign.slug, {
    name: 'Bo Example',
    offices: [offices[0]!.id],
    paragraphs: optional.slice(0, 1).map((p) => p.id),
    ownWords: 'Words of my own.',
    paperSize: 'a4',
  });
  const tally = await pressButton(t.app, `/c/${campaign.slug}/letters/tally`, page, { tally: `posted:${offices[0]!.id}` });
  expect(tally.statusCode).toBe(200);
  expect((await pressButton(t.app, `/c/${campaign.slug}/letters/pdf`, page, { kind: 'letter' })).statusCode).toBe(200);
});
afterAll(async () => t?.close());

const get = (path: string, headers: Record<string, string> = auth) => t.app.inject({ method: 'GET', url: `/api/campaigns/${campaign.slug}/${path}`, headers });

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(row.length === 0 && field === '', 'the file ends with CRLF').toBe(true);
  return rows;
}

async function csvRecords(path: string) {
  const response = await get(path);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.body.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(response.body.slice(1));
  expect(header).toEqual(['campaign', 'day', 'metric', 'key', 'count']);
  return rows.map((cells) => {
    expect(cells).toHaveLength(5);
    const [campaign, day, metric, key, count] = cells as [string, string, string, string, string];
    return { campaign, day, metric, key, count: Number(count) };
  });
}

describe('the CSV export of the daily counts', () => {
  it('is a CSV attachment, never cached, named after the campaign and the range', async () => {
    const response = await get('counts.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${campaign.slug}-counts-start-to-today.csv"`);
    const ranged = await get('counts.csv?from=2026-01-01&to=2026-02-01');
    expect(ranged.headers['content-disposition']).toBe(`attachment; filename="${campaign.slug}-counts-2026-01-01-to-2026-02-01.csv"`);
  });

  it('holds the same counts as the JSON answer, letters still in memory included', async () => {
    const records = await csvRecords('counts.csv');
    const { totals } = (await get('counts')).json();
    expect(totals.packs).toBeGreaterThanOrEqual(2);
    expect(totals.channels.posted.total).toBeGreaterThanOrEqual(1);
    expect(totals.packsByKind.letter).toBeGreaterThanOrEqual(1);
    expect(new Set(records.map((r) => r.campaign))).toEqual(new Set([campaign.slug]));

    const sums: Record<string, Record<string, number>> = {};
    for (const { metric, key, count } of records) {
      sums[metric] ??= {};
      sums[metric][key] = (sums[metric][key] ?? 0) + count;
    }
    const total = (metric: string) => Object.values(sums[metric] ?? {}).reduce((a, b) => a + b, 0);
    expect(total(METRIC.letters)).toBe(totals.letters);
    expect(total(METRIC.packs)).toBe(totals.packs);
    expect(total(METRIC.ownWords)).toBe(totals.ownWords);
    expect(sums[METRIC.office]).toEqual(totals.offices);
    expect(sums[METRIC.paragraph] ?? {}).toEqual(totals.paragraphs);
    expect(sums[METRIC.paper]).toEqual(totals.paper);
    expect({ letter: 0, fax: 0, envelope: 0, ...sums[METRIC.packKind] }).toEqual(totals.packsByKind);
    expect(total(METRIC.tally)).toBe(Object.values(totals.channels as Record<string, { total: number }>).reduce((a, c) => a + c.total, 0));
    expect(sums[METRIC.tally]).toEqual(
      Object.fromEntries(
        Object.entries(totals.channels as Record<string, { offices: Record<string, number> }>).flatMap(([channel, { offices }]) =>
          Object.entries(offices).map(([office, count]) => [`${channel}:${office}`, count]),
        ),
      ),
    );
    expect(total(METRIC.email)).toBe(totals.emails.sent + totals.emails.failed);
  });

  it('keeps only the days asked for', async () => {
    await incrementCounts(t.app.db, [
      { campaign: campaign.slug, day: '2020-01-01', metric: METRIC.letters, key: '', by: 5 },
      { campaign: campaign.slug, day: '2020-01-02', metric: METRIC.letters, key: '', by: 7 },
      { campaign: campaign.slug, day: '2020-01-03', metric: METRIC.letters, key: '', by: 11 },
    ]);
    expect(await csvRecords('counts.csv?from=2020-01-02&to=2020-01-02')).toEqual([
      { campaign: campaign.slug, day: '2020-01-02', metric: METRIC.letters, key: '', count: 7 },
    ]);
    const upTo = await csvRecords('counts.csv?to=2020-01-02');
    expect(upTo.map((r) => r.day)).toEqual(['2020-01-01', '2020-01-02']);
    const fromToday = await csvRecords(`counts.csv?from=${today}`);
    expect(fromToday.length).toBeGreaterThan(0);
    expect(fromToday.every((r) => r.day === today)).toBe(true);
  });

  it('neutralises a stored key that a spreadsheet would run as a formula', async () => {
    const formula = '=HYPERLINK("http://x","y")';
    await incrementCounts(t.app.db, [
      { campaign: campaign.slug, day: today, metric: METRIC.office, key: formula, by: 1 },
      { campaign: campaign.slug, day: today, metric: METRIC.paragraph, key: '@SUM(1+1)', by: 1 },
    ]);
    const response = await get('counts.csv');
    expect(response.body).toContain(`${campaign.slug},${today},office,"'=HYPERLINK(""http://x"",""y"")",1\r\n`);
    expect(response.body).toContain(`${campaign.slug},${today},paragraph,'@SUM(1+1),1\r\n`);
    const keys = (await csvRecords('counts.csv')).map((r) => r.key);
    expect(keys).toContain(`'${formula}`);
    expect(keys.filter((key) => /^[=+\-@\t\r\0]/.test(key))).toEqual([]);
  });

  it('needs the organizers\' token', async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN.slice(0, -1)}x` }, { authorization: TOKEN }] as Record<string, string>[]) {
      const response = await get('counts.csv', headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(response.body).not.toContain('campaign,day,metric');
    }
  });

  it('answers 404 for an unknown campaign and 400 for a bad query', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/campaigns/nope/counts.csv', headers: auth })).statusCode).toBe(404);
    const bad = await get('counts.csv?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('from');
    expect((await get('counts.csv?to=2026-02-30')).statusCode).toBe(400);
    expect((await get('counts.csv?download=1')).statusCode).toBe(400);
  });
});

describe('the JSON answer as a download', () => {
  it('is an attachment only when asked for', async () => {
    const plain = await get('counts');
    expect(plain.headers['content-disposition']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('no-store');
    const download = await get('counts?download=1&from=2020-01-01');
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toMatch(/^application\/json/);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${campaign.slug}-counts.json"`);
    expect(download.json()).toEqual((await get('counts?from=2020-01-01')).json());
    expect((await get('counts?download=yes')).statusCode).toBe(400);
    expect((await get('counts?other=1')).statusCode).toBe(400);
  });
});
