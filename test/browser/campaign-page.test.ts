import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { flatten, pdfText } from '../helpers/pdf.ts';

/** The campaign page in real Chromium (Debian's), as a supporter uses it: with and without JavaScript, on a phone. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let t: TestApp;
let browser: Browser;
let baseUrl: string;
let slug: string;
let userDataDir: string;
const requestedHosts = new Set<string>();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with apt-get install chromium (.ci/run does)`);
  t = await buildTestApp();
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  slug = t.app.catalog.listCampaigns()[0]!.slug;
  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'appeal-letters-chromium-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

async function openCampaign(options: { javaScriptEnabled: boolean; viewport?: { width: number; height: number } }) {
  const context = await browser.newContext({ ...options, acceptDownloads: true });
  const page = await context.newPage();
  page.on('request', (request) => requestedHosts.add(new URL(request.url()).host));
  await page.goto(baseUrl + '/');
  return { context, page };
}

describe('the campaign page in Chromium', () => {
  it('makes a PDF with JavaScript off, from keyboard input alone', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: false });
    expect(page.url()).toBe(`${baseUrl}/c/${slug}`);
    await page.getByLabel('Your name').fill('김혜숙');
    await page.getByLabel(/Your return address/).fill('1 Test Road\nSeoul');
    await page.getByLabel(/Your own words/).fill('Written without JavaScript.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByLabel('Your name').press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const text = flatten(pdfText(readFileSync((await download.path())!)));
    expect(text).toContain('김혜숙');
    expect(text).toContain('Written without JavaScript.');
    await context.close();
  });

  it('keeps what was typed and points to the problem when the form is incomplete, without JavaScript', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: false });
    await page.getByLabel(/Your own words/).fill('Do not lose this.');
    await page.getByRole('button', { name: 'Make my letters (PDF)' }).click();
    await expect.poll(() => page.locator('#name-error').textContent()).toContain('Enter your name');
    expect(await page.getByLabel(/Your own words/).inputValue()).toBe('Do not lose this.');
    expect(await page.getByRole('link', { name: /Enter your name/ }).getAttribute('href')).toBe('#name');
    await context.close();
  });

  it('ticks the offices for a state with the picker, without JavaScript (server round trip) and with it', async () => {
    for (const javaScriptEnabled of [false, true]) {
      const { context, page } = await openCampaign({ javaScriptEnabled });
      await page.getByLabel('Find the office for your state').selectOption('CA');
      await page.getByRole('button', { name: /Tick my state/ }).click();
      await expect.poll(async () => page.locator('input[name="offices"]:checked').count()).toBe(2);
      expect(await page.locator('#recipients-chosen').isChecked()).toBe(true);
      await context.close();
    }
  });

  it('labels every control and fits a phone screen', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: true, viewport: { width: 375, height: 740 } });
    const unlabeled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select'))
        .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label'))
        .map((el) => el.outerHTML),
    );
    expect(unlabeled).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(os.tmpdir(), 'appeal-letters-phone.png'), fullPage: true });
    await context.close();
  });

  it('loaded nothing from any other host', () => {
    expect([...requestedHosts]).toEqual([new URL(baseUrl).host]);
  });
});
