import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { copyContent } from '../support/content.ts';
import { REPO_ROOT, FIXTURE_CONTENT_DIR } from '../support/paths.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { readable, unescapeHtml } from '../support/next-steps.ts';
import { Browser, organizerHash } from '../support/organize.ts';
import { addDays, utcDay } from '../../server/shared/day.ts';

const SLUG = 'stop-forced-return';
let t: TestApp;
let content: Awaited<ReturnType<typeof copyContent>>;
let organizer: Browser;
const today = utcDay(new Date());
const daysAgo = (n: number) => new Date(`${addDays(today, -n)}T12:00:00Z`);

/** The text of a page with tags removed and whitespace collapsed, for reading it as a person does. */

beforeAll(async () => {
  content = await copyContent(path.join(REPO_ROOT, 'templates'));
  await cp(path.join(FIXTURE_CONTENT_DIR, 'offices'), path.join(content.dir, 'offices'), { recursive: true });
  await content.addFixtureCampaign({ slug: 'draft-appeal', status: 'draft', title: 'A campaign being prepared' });
  t = await buildTestApp({ contentDir: content.dir, organizer: { passwordHash: await organizerHash() } });
  organizer = new Browser(t.app);
  await organizer.signIn();

  // Four letter sets over three days; one with own words, two with the Refugee Convention paragraph.
  const record = (at: Date, officeIds: string[], paragraphIds: string[], ownWords = false) =>
    t.app.counter.record({ campaign: SLUG, at, officeIds, paragraphIds, ownWords, paperSize: 'letter' });
  record(daysAgo(0), ['embassy-washington', 'consulate-chicago'], ['refugee-convention'], true);
  record(daysAgo(0), ['embassy-washington'], []);
  record(daysAgo(3), ['embassy-washington', 'consulate-new-york', 'consulate-chicago'], ['refugee-convention']);
  record(daysAgo(40), ['consulate-chicago'], []);
  t.app.counter.record({ campaign: SLUG, at: daysAgo(0), type: 'tally', channel: 'posted', officeId: 'consulate-chicago' });
  t.app.counter.record({ campaign: SLUG, at: daysAgo(3), type: 'tally', channel: 'faxed', officeId: 'embassy-washington' });
});
afterAll(async () => {
  await t?.close();
  await content?.cleanup();
});

describe('campaign dashboard', () => {
  it('shows the last 30 days by default: totals, own words, and the all-time count', async () => {
    const page = await organizer.get(`/organize/c/${SLUG}`);
    expect(page.statusCode).toBe(200);
    const text = readable(page.body);
    expect(text).toContain('Letters 6 ');
    expect(text).toContain('Letter sets (forms sent) 3 ');
    expect(text).toContain('With their own words 1 (33% of sets)');
    expect(text).toContain('Since the campaign began: 7 letters.');
  });

  it('draws letters per day as server-side SVG, one bar a day, the busiest day the full height', async () => {
    const page = await organizer.get(`/organize/c/${SLUG}`);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page.body)![0];
    const bars = [...svg.matchAll(/<rect class="bar" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"><title>([^<]+)<\/title>/g)];
    expect(bars).toHaveLength(30);
    const heights = bars.map((b) => Number(b[2]));
    // Today (3 letters) is the last bar; three days ago (3 letters) too; the axis tops out at a round 5.
    expect(heights.at(-1)).toBe(heights.at(-4));
    expect(heights.at(-1)).toBeGreaterThan(0);
    expect(heights.filter((h) => h > 0)).toHaveLength(2);
    expect(svg).toContain('role="img"');
    expect(unescapeHtml(svg)).toMatch(/<desc id="chart-description">Letters per day, .*: 6 in all, most on /);
  });

  it('lists the days with letters in a table beside the chart', async () => {
    const text = readable((await organizer.get(`/organize/c/${SLUG}`)).body);
    expect(text).toMatch(/Letters per day, as a table Letters per day; days not listed had none Day Letters Letter sets \S+ \S+ \d{4} 3 1 \S+ \S+ \d{4} 3 2 Days not listed had no letters/);
  });

  it('shows letters per office with shares and channels, and optional paragraphs as shares of letter sets', async () => {
    const text = readable((await organizer.get(`/organize/c/${SLUG}`)).body);
    expect(text).toContain('Embassy, Washington, DC (United States) 3 50% 0 1 0');
    expect(text).toContain('Consulate-General, Chicago (United States) 2 33% 1 0 0');
    expect(text).toContain('Consulate-General, New York (United States) 1 17% 0 0 0');
    // Per country, derived from the offices: the only country written to here.
    expect(text).toContain('Letters per country By the country of the office each letter went to. Where supporters live is not recorded. Country Letters Share United States 6 100%');
    // An office never offered, with no letters, is not listed.
    expect(text).not.toContain('Edinburgh');
    expect(text).toContain('China’s duty under the Refugee Convention 2 67%');
    expect(text).toContain('A chance to encourage reform in North Korea 0 0%');
    expect(text).toContain('Posted 1 17%');
  });

  it('exports one row per day, every day of the range, with a column per measure named in words', async () => {
    const from = addDays(today, -4);
    const page = await organizer.get(`/organize/c/${SLUG}?from=${from}&to=${today}`);
    expect(unescapeHtml(page.body)).toContain(`/organize/c/${SLUG}/counts-by-day.csv?from=${from}&to=${today}`);
    const csv = await organizer.get(`/organize/c/${SLUG}/counts-by-day.csv?from=${from}&to=${today}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="${SLUG}-counts-by-day-${from}-to-${today}.csv"`);
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parse(csv.body, { bom: true, record_delimiter: '\r\n' }) as string[][];
    const column = (name: string) => header!.indexOf(name);
    expect(header!.slice(0, 4)).toEqual(['Day', 'Letters', 'Letter sets', 'Sets with own words']);
    expect(header).toContain('Letters to Consulate-General, Chicago');
    expect(header).toContain('Sets with "China’s duty under the Refugee Convention"');
    expect(header).toContain('Reported posted');
    expect(rows.map((r) => r[0])).toEqual([4, 3, 2, 1, 0].map((n) => addDays(today, -n)));
    const row = (daysBack: number) => rows.find((r) => r[0] === addDays(today, -daysBack))!;
    expect(row(0)[column('Letters')]).toBe('3');
    expect(row(3)[column('Letters')]).toBe('3');
    expect(row(2)[column('Letters')]).toBe('0');
    expect(row(0)[column('Reported posted')]).toBe('1');
    expect(row(3)[column('Reported faxed')]).toBe('1');
  });

  it('narrows to a chosen date range, and its export links carry the same range', async () => {
    const from = addDays(today, -45);
    const to = addDays(today, -30);
    const page = await organizer.get(`/organize/c/${SLUG}?from=${from}&to=${to}`);
    const text = readable(page.body);
    expect(text).toContain('Letters 1 ');
    expect([...page.body.matchAll(/<rect class="bar"/g)]).toHaveLength(16);
    expect(unescapeHtml(page.body)).toContain(`/organize/c/${SLUG}/counts.csv?from=${from}&to=${to}`);

    const csv = await organizer.get(`/organize/c/${SLUG}/counts.csv?from=${from}&to=${to}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="${SLUG}-counts-${from}-to-${to}.csv"`);
    expect(csv.body).toContain(`${SLUG},${addDays(today, -40)},letters,,1`);
    expect(csv.body).not.toContain(today);

    const json = await organizer.get(`/organize/c/${SLUG}/counts.json?from=${from}&to=${to}`);
    expect(json.headers['content-disposition']).toBe(`attachment; filename="${SLUG}-counts.json"`);
    expect(JSON.parse(json.body).totals.letters).toBe(1);
  });

  it('a range that makes no sense comes back with the message beside the dates, as typed', async () => {
    const page = await organizer.get(`/organize/c/${SLUG}?from=2026-11-20&to=2026-11-01`);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('The first day must not be after the last day.');
    expect(page.body).toContain('value="2026-11-20"');
    expect(page.body).toContain('value="2026-11-01"');
    expect((await organizer.get(`/organize/c/${SLUG}?from=2020-01-01&to=2026-11-01`)).body).toContain('Choose at most 366 days.');
    expect((await organizer.get(`/organize/c/${SLUG}/counts.csv?from=yesterday`)).statusCode).toBe(400);
  });

  it('in the language the URL names: its dates, country names and percentages, and links that keep the language', async () => {
    const page = await organizer.get(`/organize/c/${SLUG}?lang=fr`);
    expect(page.statusCode).toBe(200);
    const html = unescapeHtml(page.body);
    expect(html).toContain('<html lang="fr"');
    const longDate = new Intl.DateTimeFormat('fr', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(readable(page.body)).toContain(longDate.format(new Date(`${today}T00:00:00Z`)));
    expect(readable(page.body)).toContain('États-Unis');
    expect(readable(page.body)).toMatch(/33\s%/);
    expect(html).toContain(`/organize/c/${SLUG}/counts.csv?from=${addDays(today, -29)}&to=${today}&lang=fr`);
    expect(html).toContain(`href="/organize/c/${SLUG}/print?lang=fr"`);
    // The range form is a GET form, whose action loses its query: the language goes as a field.
    expect(page.body).toContain('<input type="hidden" name="lang" value="fr">');
    expect((await organizer.get(`/organize/c/${SLUG}?lang=fr&from=&to=`)).statusCode).toBe(200);
  });

  it('an unknown campaign is 404', async () => {
    expect((await organizer.get('/organize/c/no-such-campaign')).statusCode).toBe(404);
  });
});

describe('draft campaigns', () => {
  it('are listed for organizers and can be previewed, while the public still gets 404', async () => {
    const list = readable((await organizer.get('/organize')).body);
    expect(list).toContain('A campaign being prepared Draft: only organizers can see it');

    const preview = await organizer.get('/organize/c/draft-appeal/preview');
    expect(preview.statusCode).toBe(200);
    expect(readable(preview.body)).toContain('Organizer preview · Draft: only organizers can see it.');
    expect(preview.body).toContain('<fieldset disabled class="preview-fieldset">');
    expect((await organizer.get('/organize/c/draft-appeal')).statusCode).toBe(200);

    expect((await t.app.inject({ url: '/c/draft-appeal' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/organize/c/draft-appeal/preview', headers: { accept: 'text/html' } })).statusCode).toBe(303);
  });
});
