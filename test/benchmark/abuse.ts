// Part of `npm run bench`: what a script that posts the letter form over and over gets counted, from one address and
// from a few, while a real browser (Chromium, when installed) writes a letter in the middle of it.
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { MIN_FORM_MS } from '../../server/guards/verdict.ts';
import { CHROMIUM_PATH } from '../support/requirements.ts';

const FORMS_PER_PHASE = 600;
const CONCURRENCY = 10;
const SOLVED = 100;

export interface AbuseSetup {
  baseUrl: string;
  campaignPath: string;
  /** The office the scripts write to; the browser writes to another, so its letter can be told apart. */
  scriptOffice: string;
  browserOffice: string;
  countsToken: string;
  form(fields: Record<string, string | string[]>): string;
}

interface Totals {
  packs: number;
  unverifiedPacks: number;
  browserOfficeLetters: number;
}

export async function benchAbuse(setup: AbuseSetup): Promise<string[]> {
  const { baseUrl, campaignPath } = setup;
  const slug = campaignPath.split('/').pop()!;
  const totals = async (): Promise<Totals> => {
    const { totals: t } = await (await fetch(`${baseUrl}/api/campaigns/${slug}/counts`, { headers: { authorization: `Bearer ${setup.countsToken}` } })).json();
    return { packs: t.packs, unverifiedPacks: t.unverified.packs, browserOfficeLetters: t.offices[setup.browserOffice] ?? 0 };
  };
  // What a script can get from the page: its stamp (drawn now; the script waits out the few seconds), and solutions
  // of the page's challenge, solved here as fast as Node can.
  const stamp = /name="formStamp" value="([^"]+)"/.exec(await (await fetch(baseUrl + campaignPath)).text())![1]!;
  const started = Date.now();
  const solutions: string[] = [];
  for (let i = 0; i < SOLVED * 2; i++) {
    const challenge = await (await fetch(`${baseUrl}${campaignPath}/challenge`, { headers: { 'x-forwarded-for': `192.0.2.${200 + (i % 50)}` } })).json();
    const solution = await solveChallenge({ challenge, deriveKey });
    solutions.push(Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'));
  }
  const solveMs = (Date.now() - started) / (SOLVED * 2);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, MIN_FORM_MS + 200 - (Date.now() - started))));

  const letter = { name: 'Script Example', offices: [setup.scriptOffice] };
  // A solution the server refused to look at (429) is kept for a later form.
  const kinds: Array<() => Record<string, string>> = [() => ({}), () => ({ formStamp: stamp }), () => ({ formStamp: stamp, altcha: solutions.pop() ?? '' })];
  async function phase(addresses: string[], during?: () => Promise<void>) {
    const before = await totals();
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < FORMS_PER_PHASE) {
        const i = next++;
        const guards = kinds[i % kinds.length]!();
        const response = await fetch(`${baseUrl}${campaignPath}/letters`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': addresses[i % addresses.length]! },
          body: setup.form({ ...letter, ...guards }),
        });
        await response.arrayBuffer();
        if (response.status === 429 && guards.altcha) solutions.push(guards.altcha);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    await Promise.all([during?.(), ...Array.from({ length: CONCURRENCY }, worker)]);
    const after = await totals();
    const made = statuses.get(200) ?? 0;
    const verified = after.packs - before.packs;
    const unverified = after.unverifiedPacks - before.unverifiedPacks;
    return { made, refused: statuses.get(429) ?? 0, verified, unverified, uncounted: made - verified - unverified, browserLetters: after.browserOfficeLetters - before.browserOfficeLetters };
  }

  let browserOutcome = 'skipped (no Chromium)';
  const aBrowserWrites = async () => {
    if (!existsSync(CHROMIUM_PATH)) return;
    const chrome = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await chrome.newPage();
      await page.goto(baseUrl + campaignPath);
      const opened = Date.now();
      // One office only, the one the scripts do not write to (the boxes are styled: set as a click would).
      await page.evaluate((office) => {
        for (const box of document.querySelectorAll<HTMLInputElement>('input[name="offices"]')) box.checked = box.value === office;
      }, setup.browserOffice);
      await page.getByLabel('Your name').fill('Ada Browser');
      await page.waitForFunction(() => (document.querySelector('input[name="altcha"]') as HTMLInputElement).value !== '', null, { timeout: 60_000 });
      await page.waitForTimeout(Math.max(0, MIN_FORM_MS + 500 - (Date.now() - opened)));
      await page.getByRole('button', { name: 'Make my letters' }).click();
      await page.locator('h1', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
      browserOutcome = `its letter arrived after ${((Date.now() - opened) / 1000).toFixed(1)} s`;
    } catch (error) {
      browserOutcome = `FAILED: ${(error as Error).message.split('\n')[0]}`;
    } finally {
      await chrome.close();
    }
  };

  console.log(`\nabuse: ${FORMS_PER_PHASE} forms per phase, ${CONCURRENCY} at a time, a third each with no stamp, with the page's stamp, and with a solved proof of work (${solveMs.toFixed(0)} ms of CPU per solution in Node)`);
  const one = await phase(['203.0.113.10']);
  const few = await phase(['203.0.113.20', '203.0.113.21', '203.0.113.22', '203.0.113.23', '203.0.113.24'], aBrowserWrites);
  const header = ['from', 'forms', 'made', 'refused (429)', 'sets counted', 'sets unverified', 'sets not counted'];
  const rows = [
    ['one address', String(FORMS_PER_PHASE), String(one.made), String(one.refused), String(one.verified), String(one.unverified), String(one.uncounted)],
    ['five addresses', String(FORMS_PER_PHASE), String(few.made), String(few.refused), String(few.verified - few.browserLetters), String(few.unverified), String(few.uncounted)],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  console.log(`a real browser in the middle of the second phase: ${browserOutcome}${few.browserLetters ? ', counted as verified' : ''}`);

  const misses: string[] = [];
  if (browserOutcome.startsWith('FAILED')) misses.push(`abuse: the browser's letter ${browserOutcome}`);
  else if (!browserOutcome.startsWith('skipped') && few.browserLetters !== 1) misses.push(`abuse: the browser's letter was counted ${few.browserLetters} times, not once as verified`);
  return misses;
}
