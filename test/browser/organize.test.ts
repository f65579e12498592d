import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { ORGANIZER_PASSWORD, organizerHash } from '../support/organize.ts';
import { flatten, pdfText } from '../support/poppler.ts';
import { requireTools } from '../support/requirements.ts';

/** The organizer pages in real Chromium: sign-in, the dashboard without JavaScript, the print room with and without. */
const needs = requireTools('chromium', 'poppler');
const SLUG = 'stop-forced-return';

let t: TestApp;
let browser: Browser;
let baseUrl: string;
const requestedHosts = new Set<string>();

beforeAll(async () => {
  t = await buildTestApp({ organizer: { passwordHash: await organizerHash() } });
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  for (let day = 0; day < 5; day++) {
    t.app.counter.record({ campaign: SLUG, at: new Date(Date.now() - day * 86_400_000), officeIds: ['embassy-washington'], paragraphIds: [], ownWords: false, paperSize: 'letter' });
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedIn(javaScriptEnabled: boolean, url: string, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true, ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  page.on('request', (request) => requestedHosts.add(new URL(request.url()).host));
  await page.goto(baseUrl + url);
  await page.getByLabel('Password or organizer token').fill(ORGANIZER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The sign-in form keeps the page's language, as every organizer link does (?lang=en).
  await page.waitForURL(new RegExp(`^${(baseUrl + url).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:[?&]lang=en)?$`));
  return page;
}

describe.skipIf(needs.missing)('organizer pages in Chromium', () => {
  it('signs in and shows the dashboard’s chart and table with JavaScript off', async () => {
    const page = await signedIn(false, `/organize/c/${SLUG}`);
    const chart = page.locator('figure.chart svg');
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThan(100);
    expect(await page.locator('svg rect.bar').count()).toBe(30);
    const tallBars = await page.locator('svg rect.bar').evaluateAll((bars) => bars.filter((b) => b.getBoundingClientRect().height > 10).length);
    expect(tallBars).toBe(5);
    expect(await page.locator('.day-table tbody tr').count()).toBe(5);
    await page.context().close();
  });

  it('fits a phone: "Sign out" clear of the site name, the campaign table inside the screen, links big enough to tap', async () => {
    const page = await signedIn(false, '/organize', { width: 390, height: 844 });
    const [name, signOut] = [(await page.locator('.site-name').boundingBox())!, (await page.getByRole('button', { name: 'Sign out' }).boundingBox())!];
    const overlap = name.x < signOut.x + signOut.width && signOut.x < name.x + name.width && name.y < signOut.y + signOut.height && signOut.y < name.y + name.height;
    expect(overlap).toBe(false);
    // Nothing reaches past the screen's edge: the table scrolls inside its own box if it must.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const link of await page.locator('.counts-table .links a').all()) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(24);
    // The password field and number fields look like the other fields: a 2 px border.
    await page.goto(baseUrl + `/organize/c/${SLUG}/print`);
    expect(await page.locator('#event-per-office').evaluate((el) => getComputedStyle(el).borderTopWidth)).toBe('2px');
    await page.context().close();
  });

  it('with JavaScript on, shows the print run’s progress while the PDF downloads', async () => {
    const page = await signedIn(true, `/organize/c/${SLUG}/print`);
    const rows = ['name', ...Array.from({ length: 150 }, (_, i) => `Browser Signer ${i + 1}`)].join('\n');
    await page.getByLabel('…or paste the rows').fill(rows);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Make the PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${SLUG}-sign-up-sheet-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
    await expect.poll(() => page.locator('#print-progress').textContent(), { timeout: 30_000 }).toContain('Done: 750 letters');
    expect(await page.locator('#print-progress progress').getAttribute('max')).toBe('750');
    const text = flatten(pdfText(readFileSync((await download.path())!)));
    expect(text).toContain('Browser Signer 150');
    await page.context().close();
  });

  it('with JavaScript off, an uploaded sheet with a problem comes back listed, its text in the box', async () => {
    const page = await signedIn(false, `/organize/c/${SLUG}/print`);
    await page.getByLabel('A CSV file').setInputFiles({ name: 'sheet.csv', mimeType: 'text/csv', buffer: Buffer.from('name,own words\nGood Signer,\n,no name here\n') });
    await page.getByRole('button', { name: 'Make the PDF' }).click();
    await expect.poll(() => page.locator('#sheet-problems').textContent()).toMatch(/Row 3, name:/);
    expect(await page.getByLabel('…or paste the rows').inputValue()).toBe('name,own words\nGood Signer,\n,no name here\n');
    await page.context().close();
  });

  it('loaded nothing from any other host', () => {
    expect([...requestedHosts]).toEqual([new URL(baseUrl).host]);
  });
});
