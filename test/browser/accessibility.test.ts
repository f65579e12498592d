import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { ORGANIZER_PASSWORD, organizerHash } from '../support/organize.ts';
import { requireTools } from '../support/requirements.ts';

/**
 * Every page, checked by axe-core against WCAG 2.0–2.2 A and AA, at phone and desktop width. axe runs with
 * JavaScript on (it is a script); the pages it checks are the same HTML the server sends without it.
 */
const needs = requireTools('chromium');
const SLUG = 'stop-forced-return';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let t: TestApp;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  t = await buildTestApp({ organizer: { passwordHash: await organizerHash() } });
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** axe's violations on the page as it is now: "rule (how many): first elements". */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the browser's debugging channel, so the site's Content-Security-Policy does not apply to it.
  await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }, WCAG);
}

describe.skipIf(needs.missing)('every page meets WCAG 2.2 A and AA as axe-core checks it', () => {
  it.each([
    { width: 390, height: 844 },
    { width: 1280, height: 900 },
  ])('at $width px: campaign, errors, next steps, report later, 404, sign-in, campaigns, dashboard, print room, preview', async (viewport) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const found: Record<string, string[]> = {};
    const check = async (name: string) => {
      found[name] = await violations(page);
    };

    await page.goto(`${baseUrl}/c/${SLUG}`);
    await check('campaign page');
    await page.getByRole('button', { name: 'Make my letters' }).click();
    await page.waitForSelector('.error-summary');
    await check('campaign page with errors');
    await page.getByLabel('Your name').fill('Ada Axe');
    await page.getByRole('button', { name: 'Make my letters' }).click();
    await page.waitForSelector('h1#form-answer');
    await check('next-steps page');
    await page.goto(`${baseUrl}/c/${SLUG}/report`);
    await check('report: the code box');
    await page.getByLabel('The code from the address page of your letters').fill('NOT-A-CODE');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.error-summary');
    await check('report: a wrong code');
    const campaign = t.app.catalog.getCampaign(SLUG)!;
    const offices = t.app.catalog.officesOf(campaign);
    const { code } = t.app.reportCodes.issue(SLUG, 'AAAAAAAA', offices.slice(0, 2), offices, new Date());
    await page.goto(`${baseUrl}/c/${SLUG}/report/${code}`);
    await check('report: the letter’s offices');
    await page.getByRole('button', { name: 'I posted it' }).first().click();
    await page.waitForSelector('.status-success');
    await check('report: counted');
    await page.goto(`${baseUrl}/no-such-page`);
    await check('404 page');
    await page.goto(`${baseUrl}/organize`);
    await check('sign-in');
    await page.getByLabel('Password or organizer token').fill(ORGANIZER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/organize');
    await check('campaign list');
    for (const [name, path] of [
      ['dashboard', `/organize/c/${SLUG}`],
      ['print room', `/organize/c/${SLUG}/print`],
      ['preview', `/organize/c/${SLUG}/preview`],
    ] as const) {
      await page.goto(baseUrl + path);
      await check(name);
    }
    await context.close();
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
  });
});
