import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { flatten, pdfText } from '../support/poppler.ts';
import type { Office } from '../../server/content/office.ts';
import { copyContent } from '../support/content.ts';
import { REAL_CONTENT_DIR } from '../support/paths.ts';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer.ts';
import { requireTools } from '../support/requirements.ts';
import { readCampaignCounts } from '../../server/counts/read.ts';
import { MIN_FORM_MS } from '../../server/guards/verdict.ts';

/** The campaign and next-steps pages in real Chromium (Debian's), as a supporter uses them: with and without JavaScript, on a phone. */
const needs = requireTools('chromium', 'poppler');

let t: TestApp;
let browser: Browser;
let baseUrl: string;
let slug: string;
let userDataDir: string;
let smtp: SmtpPeer;
/** How long the page's proof of work took in Chromium (printed for the README's figure). */
let proofSeconds: number | undefined;
let content: Awaited<ReturnType<typeof copyContent>>;
const requestedHosts = new Set<string>();

beforeAll(async () => {
  smtp = await startSmtpPeer();
  // A made-up email address on one office, so the email links show (the shipped offices have none we could check).
  content = await copyContent(REAL_CONTENT_DIR);
  await content.edit('offices/us.json', (offices: Office[]) => {
    const chicago = offices.find((o) => o.id === 'consulate-chicago')!;
    chicago.email = 'appeals@chicago-consulate.example';
    chicago.confidence.email = 'high';
  });
  t = await buildTestApp({ contentDir: content.dir, mail: { smtpUrl: smtp.url, from: 'Letters <letters@appeal.example>', timeoutMs: 2000 } });
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  slug = t.app.catalog.listCampaigns()[0]!.slug;
  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'appeal-letters-chromium-'));
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  if (proofSeconds !== undefined) console.log(`proof of work in Chromium: ${proofSeconds.toFixed(1)} s`);
  await browser?.close();
  await t?.close();
  await smtp?.close();
  await content?.cleanup();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

async function openCampaign(options: { javaScriptEnabled: boolean; viewport?: { width: number; height: number } }) {
  const context = await browser.newContext({ ...options, acceptDownloads: true });
  const page = await context.newPage();
  page.on('request', (request) => requestedHosts.add(new URL(request.url()).host));
  await page.goto(baseUrl + '/');
  return { context, page };
}

describe.skipIf(needs.missing)('the campaign page in Chromium', () => {
  it('makes a PDF with JavaScript off, from keyboard input alone, and counts "I posted it"', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: false });
    expect(page.url()).toBe(`${baseUrl}/c/${slug}`);
    await page.getByLabel('Your name').fill('김혜숙');
    await page.getByLabel(/Your return address/).fill('1 Test Road\nSeoul');
    await page.getByLabel(/Your own words/).fill('Written without JavaScript.');
    await page.getByLabel('Your name').press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/letters are ready/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download letters (PDF)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const text = flatten(pdfText(readFileSync((await download.path())!)));
    expect(text).toContain('김혜숙');
    expect(text).toContain('Written without JavaScript.');

    const [envelopes] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download envelopes (PDF)' }).click()]);
    expect(pdfText(readFileSync((await envelopes.path())!))).toContain('1 Test Road');

    // The server draws the page again with the button done, and the letter still in it.
    await page.locator('#office-embassy-washington').getByRole('button', { name: 'I posted it' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('is counted as posted');
    expect(await page.locator('#office-embassy-washington button.tally.done').textContent()).toContain('Counted: posted');
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download letters (PDF)' }).click()]);
    expect(flatten(pdfText(readFileSync((await again.path())!)))).toContain('김혜숙');

    // "Change my letter" goes back to the form with everything kept.
    await page.getByRole('button', { name: 'Change my letter' }).click();
    await expect.poll(() => page.getByLabel('Your name').inputValue()).toBe('김혜숙');
    expect(await page.getByLabel(/Your own words/).inputValue()).toBe('Written without JavaScript.');
    expect(await page.getByLabel(/Your return address/).inputValue()).toBe('1 Test Road\nSeoul');
    await context.close();
  });

  it("counts a person's letter as verified with JavaScript (the proof of work done while they write), and apart without it", async () => {
    const letters = async () => {
      await t.app.counter.flush();
      const { totals } = await readCampaignCounts(t.app.db, slug);
      return { verified: totals.letters, unverified: totals.unverified.letters };
    };
    for (const javaScriptEnabled of [true, false]) {
      const { context, page } = await openCampaign({ javaScriptEnabled });
      const opened = Date.now();
      if (javaScriptEnabled) {
        await expect.poll(() => page.locator('input[name="altcha"]').inputValue(), { timeout: 30_000 }).not.toBe('');
        proofSeconds = (Date.now() - opened) / 1000;
      }
      await page.getByLabel('Your name').fill(javaScriptEnabled ? 'Ada Verified' : 'Ada Unverified');
      const office = page.locator('input[name="offices"]:checked');
      const ticked = await office.count();
      // A person takes a few seconds to fill the form in; a form sent faster is not counted as verified.
      await page.waitForTimeout(Math.max(0, MIN_FORM_MS + 200 - (Date.now() - opened)));
      const before = await letters();
      await page.getByRole('button', { name: 'Make my letters' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toMatch(/letters are ready/);
      const after = await letters();
      expect({ verified: after.verified - before.verified, unverified: after.unverified - before.unverified }).toEqual(
        javaScriptEnabled ? { verified: ticked, unverified: 0 } : { verified: 0, unverified: ticked },
      );
      await context.close();
    }
  });

  it('counts a tally in place with JavaScript on, and emails the letters with progress shown', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: true });
    await page.getByLabel('Your name').fill('Ada Browser');
    await page.getByRole('button', { name: 'Make my letters' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/letters are ready/);
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    const button = page.locator('button[value="faxed:consulate-chicago"]');
    expect(await button.textContent()).toBe('I faxed it');
    await button.click();
    await expect.poll(() => button.textContent()).toContain('Counted: faxed');
    expect(await button.isDisabled()).toBe(true);
    expect(await page.locator('#status').textContent()).toContain('is counted as faxed');

    const received = smtp.messages.length;
    await page.getByLabel('Your email address').fill('ada.browser@example.org');
    await page.getByRole('button', { name: 'Email me the PDF' }).click();
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 10_000 }).toContain('Sent.');
    expect(smtp.messages.length - received).toBe(1);
    expect(smtp.messages.at(-1)!.rcptTo).toEqual(['ada.browser@example.org']);
    // No page load happened: both went by fetch.
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await context.close();
  });

  it('shows the email subject and letter to copy, with copy buttons when JavaScript is on', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await page.getByLabel('Your name').fill('Ada Copy');
    await page.getByRole('button', { name: 'Make my letters' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/letters are ready/);
    await page.getByRole('button', { name: 'Copy letter' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('Ada Copy');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.getByLabel('Letter', { exact: true }).inputValue());
    await context.close();
  });

  it('switches to another language with JavaScript, keeping everything typed, the letter following the page', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: true });
    await page.getByLabel('Your name').fill('Jane Kept');
    await page.getByLabel(/Your own words/).fill('Words kept.');
    await page.getByRole('navigation').getByRole('link', { name: '한국어' }).click();
    await page.waitForURL(new RegExp(`/ko/c/${slug}/letters$`));
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.locator('#name').inputValue()).toBe('Jane Kept');
    expect(await page.locator('#own-words').inputValue()).toBe('Words kept.');
    expect(await page.locator('.letter-preview').getAttribute('lang')).toBe('ko');
    await context.close();
  });

  it('keeps what was typed and points to the problem when the form is incomplete, without JavaScript', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: false });
    await page.getByLabel(/Your own words/).fill('Do not lose this.');
    await page.getByRole('button', { name: 'Make my letters' }).click();
    await expect.poll(() => page.locator('#name-error').textContent()).toContain('Enter your name');
    expect(await page.getByLabel(/Your own words/).inputValue()).toBe('Do not lose this.');
    expect(await page.getByRole('link', { name: /Enter your name/ }).getAttribute('href')).toBe('#name');
    await context.close();
  });

  it('opens the answer where it matters on a phone: the error summary, or the offices after the state picker, without JavaScript', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const inView = (selector: string) =>
      page.locator(selector).evaluate((element) => {
        const box = element.getBoundingClientRect();
        return box.top >= -1 && box.top < window.innerHeight / 2;
      });
    await page.getByRole('button', { name: 'Make my letters' }).click();
    await page.waitForSelector('.error-summary');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await inView('.error-summary')).toBe(true);

    await page.getByLabel('Find the office for your state').selectOption('US-IL');
    await page.getByRole('button', { name: /Tick my state/ }).click();
    await page.waitForURL(/#offices$/);
    expect(await page.title()).not.toMatch(/^Error: /);
    expect(await inView('#offices')).toBe(true);
    await context.close();
  });

  it('moves focus to the field when a message in the error summary is followed, with JavaScript', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: true });
    for (const box of await page.locator('input[name="offices"]').all()) await box.uncheck();
    await page.getByRole('button', { name: 'Make my letters' }).click();
    await page.waitForSelector('.error-summary');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await page.getByRole('link', { name: /Enter your name/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('name');
    await page.getByRole('link', { name: /Tick at least one office/ }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('offices');
    await context.close();
  });

  it('writes only to the offices left ticked, and says how many letters before sending, with JavaScript off and on', async () => {
    for (const javaScriptEnabled of [false, true]) {
      const { context, page } = await openCampaign({ javaScriptEnabled });
      expect(await page.locator('#letter-count').textContent()).toContain('You will get 5 letters');
      for (const box of await page.locator('input[name="offices"]').all()) {
        if ((await box.getAttribute('value')) !== 'consulate-chicago') await box.uncheck();
      }
      // With JavaScript the line follows the ticks at once; without it, the next page says what was made.
      if (javaScriptEnabled) expect(await page.locator('#letter-count').textContent()).toContain('You will get 1 letter');
      await page.getByLabel('Your name').fill('Only Chicago');
      await page.getByRole('button', { name: 'Make my letters' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toMatch(/Your letter is ready/);
      expect(await page.locator('.office-card').count()).toBe(1);
      expect(await page.locator('#office-consulate-chicago').count()).toBe(1);
      await context.close();
    }
  });

  it('names each box by its short label, describes it by its text, and keeps unticked paragraphs readable', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: false });
    const campaign = t.app.catalog.getCampaign(slug)!;
    for (const paragraph of campaign.letter.paragraphs.filter((p) => p.optional)) {
      const box = page.getByRole('checkbox', { name: `Add: ${paragraph.label}`, exact: true });
      expect(await box.count()).toBe(1);
      const description = await box.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!)!.textContent);
      expect(description).toBe(paragraph.text);
      await box.uncheck();
      const style = await page.locator(`#paragraph-${paragraph.id}-text`).evaluate((el) => {
        const s = getComputedStyle(el);
        return { decoration: s.textDecorationLine, color: s.color };
      });
      expect(style.decoration).toBe('none');
      expect(style.color).toBe('rgb(27, 27, 27)');
    }
    // The offices of the supporter's country (the United States, from the campaign's language here) are the ones shown.
    for (const office of t.app.catalog.offeredOffices(campaign).filter((o) => o.country === 'US')) {
      expect(await page.getByRole('checkbox', { name: `${office.kind === 'embassy' ? 'Embassy' : 'Consulate-General'}, ${office.city}`, exact: true }).count()).toBe(1);
    }
    await context.close();
  });

  it('shows a focus ring with at least 3:1 contrast on the white page and on the dark header', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: false });
    const ringOn = async (selector: string) => {
      await page.locator(selector).first().focus();
      return page.evaluate((sel) => {
        const element = document.querySelector(sel)!;
        const style = getComputedStyle(element);
        let around: Element | null = element.parentElement;
        while (around && getComputedStyle(around).backgroundColor === 'rgba(0, 0, 0, 0)') around = around.parentElement;
        return { outline: style.outlineColor, width: style.outlineWidth, shadow: style.boxShadow, background: around ? getComputedStyle(around).backgroundColor : 'rgb(255, 255, 255)' };
      }, selector);
    };
    const rgb = (css: string) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number) as [number, number, number];
    const luminance = ([r, g, b]: number[]) => {
      const [R, G, B] = [r!, g!, b!].map((c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
    };
    const contrast = (a: string, b: string) => {
      const [x, y] = [luminance(rgb(a)), luminance(rgb(b))].sort((p, q) => q - p);
      return (x! + 0.05) / (y! + 0.05);
    };
    const outerRing = (shadow: string) => shadow.split(/,(?![^(]*\))/).map((s) => s.trim()).at(-1)!;

    const onWhite = await ringOn('button.primary');
    expect(onWhite.width).toBe('3px');
    expect(contrast(onWhite.outline, onWhite.background)).toBeGreaterThanOrEqual(3);
    const onDark = await ringOn('.site-header a');
    expect(contrast(outerRing(onDark.shadow), onDark.background)).toBeGreaterThanOrEqual(3);
    await context.close();
  });

  it('ticks the offices for a state with the picker, without JavaScript (server round trip) and with it', async () => {
    for (const javaScriptEnabled of [false, true]) {
      const { context, page } = await openCampaign({ javaScriptEnabled });
      await page.getByLabel('Find the office for your state').selectOption('US-CA');
      await page.getByRole('button', { name: /Tick my state/ }).click();
      await expect.poll(async () => page.locator('input[name="offices"]:checked').count()).toBe(2);
      expect(await page.locator('#letter-count').textContent()).toContain('You will get 2 letters');
      await context.close();
    }
  });

  it('labels every control and fits a phone screen, on the form and on the next-steps page', async () => {
    const { context, page } = await openCampaign({ javaScriptEnabled: true, viewport: { width: 375, height: 740 } });
    const check = async (screenshot: string) => {
      const unlabeled = await page.evaluate(() =>
        Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select'))
          .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label'))
          .map((el) => el.outerHTML),
      );
      expect(unlabeled).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(os.tmpdir(), screenshot), fullPage: true });
    };
    await check('appeal-letters-phone.png');
    await page.getByLabel('Your name').fill('Ada Phone');
    await page.getByRole('button', { name: 'Make my letters' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/letters are ready/);
    await check('appeal-letters-next-steps-phone.png');
    await context.close();
  });

  it('puts the action first: the form near the top on a phone, the background folded after it, the letter beside the choices on a desktop', async () => {
    for (const javaScriptEnabled of [false, true]) {
      const phone = await openCampaign({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
      const top = (selector: string) => phone.page.locator(selector).first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      // The first choice is within the first screen and a bit (it was 2,694 px down, below the background).
      expect(await top('#where')).toBeLessThan(1000);
      expect(await top('details.background')).toBeGreaterThan(await top('.submit button.primary'));
      expect(await phone.page.locator('details.background').getAttribute('open')).toBeNull();
      // Folded, not gone: its link opens it.
      await phone.page.getByRole('link', { name: 'Why this matters' }).click();
      await expect.poll(() => phone.page.locator('details.background').getAttribute('open')).not.toBeNull();
      await phone.context.close();

      const desktop = await openCampaign({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
      const box = (selector: string) => desktop.page.locator(selector).first().boundingBox().then((b) => b!);
      const [choices, letter, sender, submit] = await Promise.all([box('fieldset.where'), box('fieldset.letter'), box('fieldset.sender'), box('.submit')]);
      expect(letter.x).toBeGreaterThan(choices.x + choices.width);
      expect(Math.abs(letter.y - choices.y)).toBeLessThan(5);
      expect(sender.x).toBe(choices.x);
      expect(submit.x).toBe(choices.x);
      expect(choices.y).toBeLessThan(900);
      await desktop.context.close();
    }
  });

  it('asks where the supporter lives and shows that country’s offices, paper and picker: at once with JavaScript, by a round trip without', async () => {
    const checked = (page: import('playwright-core').Page) =>
      page.locator('input[name="offices"]:checked').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    const visible = (page: import('playwright-core').Page) =>
      page.locator('input[name="offices"]').evaluateAll((boxes) => boxes.filter((b) => !b.closest('[hidden]')).map((b) => (b as HTMLInputElement).value));
    for (const javaScriptEnabled of [true, false]) {
      const { context, page } = await openCampaign({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
      await page.getByLabel('Your name').fill('Kept Name');
      await page.getByLabel('Country', { exact: true }).selectOption('JP');
      if (!javaScriptEnabled) {
        await page.getByRole('button', { name: 'Show the offices for my country' }).click();
        await page.waitForURL(/#offices$/);
      }
      const japan = ['embassy-tokyo', 'consulate-osaka', 'consulate-niigata'];
      await expect.poll(() => checked(page)).toEqual(japan);
      expect(await visible(page)).toEqual(japan);
      expect(await page.locator('#paper-a4').isChecked()).toBe(true);
      expect(await page.getByLabel('Your name').inputValue()).toBe('Kept Name');
      // Canada: Letter paper and a province picker; Ontario's consulate has no checked address, so the embassy is ticked.
      await page.getByLabel('Country', { exact: true }).selectOption('CA');
      if (!javaScriptEnabled) await page.getByRole('button', { name: 'Show the offices for my country' }).click();
      await expect.poll(() => checked(page)).toEqual(['embassy-ottawa', 'consulate-vancouver']);
      expect(await page.locator('#paper-letter').isChecked()).toBe(true);
      await page.getByLabel(/Find the office for your province/).selectOption('CA-ON');
      await page.getByRole('button', { name: /Tick my province/ }).click();
      await expect.poll(() => checked(page)).toEqual(['embassy-ottawa']);
      expect(await page.locator('.notice').textContent()).toContain('no checked address for it yet');
      await page.getByRole('button', { name: 'Make my letters' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toMatch(/letter is ready/);
      await context.close();
    }
  });

  it('loaded nothing from any other host', () => {
    expect([...requestedHosts]).toEqual([new URL(baseUrl).host]);
  });
});
