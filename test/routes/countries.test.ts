/**
 * Writing from anywhere: the supporter's country picks the offices offered, the paper, the date's form, the
 * envelope and the postage; a country with no checked office gets an honest note and a letter to address by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../server/content/campaign.ts';
import { envelopeFor, paperFor } from '../../server/content/countries.ts';
import { postalLines, type Office } from '../../server/content/office.ts';
import { readCampaignCounts } from '../../server/counts/read.ts';
import { letterLocale } from '../../server/letters/compose.ts';
import { formatLetterDate } from '../../server/pdf/index.ts';
import { buildTestApp, postForm, type TestApp } from '../support/app.ts';
import { composeLetters, pressButton } from '../support/next-steps.ts';
import { flat, PdfFiles, pagesText, pageSizes, wordBoxes } from '../support/poppler.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');
const slug = 'stop-forced-return';
const files = new PdfFiles();

let t: TestApp;
let campaign: Campaign;
let offered: Office[];
beforeAll(async () => {
  t = await buildTestApp();
  campaign = t.app.catalog.getCampaign(slug)!;
  offered = t.app.catalog.offeredOffices(campaign);
});
afterAll(async () => {
  await t?.close();
  files.cleanup();
});

const ticked = (html: string) => [...html.matchAll(/<input type="checkbox" name="offices" value="([a-z-]+)"[^>]*checked/g)].map((m) => m[1]);
const countriesWithOffices = () => [...new Set(offered.map((o) => o.country))];
const supporter = { name: 'Robin Worldwide', address: '1 Example Road\nExampletown' };
const PAGE = (country: string) => ({ width: paperFor(country) === 'letter' ? 612 : 595.28, height: paperFor(country) === 'letter' ? 792 : 841.89 });
const ENVELOPES = { us10: [684, 297], dl: [623.6, 311.8], naga3: [666.1, 340.2], kr: [623.6, 297.6] } as const;

describe.skipIf(needs.missing)('each country’s first letter', () => {
  it('ships the countries the issue names, each with at least one office offered', () => {
    expect(countriesWithOffices().sort()).toEqual(['AU', 'BE', 'CA', 'CH', 'DE', 'ES', 'FR', 'GB', 'JP', 'KR', 'NO', 'NZ', 'TH', 'US']);
  });

  it('offers the country the browser’s language names, its offices all ticked and only them, on its paper', async () => {
    for (const country of countriesWithOffices()) {
      const html = (await t.app.inject({ method: 'GET', url: `/c/${slug}`, headers: { 'accept-language': `en-${country},en;q=0.8` } })).body;
      expect(html, country).toContain(`<option value="${country}" selected>`);
      expect(ticked(html).sort(), country).toEqual(offered.filter((o) => o.country === country).map((o) => o.id).sort());
      expect(html, country).toMatch(new RegExp(`<input type="radio" name="paperSize" value="${paperFor(country)}"[^>]*checked`));
    }
    // A language without a region suggests nothing: the campaign's own country (en-US: the United States).
    const plain = await t.app.inject({ method: 'GET', url: `/c/${slug}`, headers: { 'accept-language': 'de' } });
    expect(plain.body).toContain('<option value="US" selected>');
    // The page depends on the header, so a cache must not give one supporter's page to another.
    expect(plain.headers.vary).toMatch(/Accept-Language/i);
    expect(plain.headers['set-cookie']).toBeUndefined();
  });

  it('writes the first letter to each country in its way: address as posted there, the date in its form, its paper and envelope', async () => {
    for (const country of countriesWithOffices()) {
      const office = offered.find((o) => o.country === country)!;
      const fields = { ...supporter, country, offices: [office.id], paperSize: paperFor(country) };
      const { page } = await composeLetters(t.app, slug, fields);
      const letters = pagesText(files.write((await pressButton(t.app, `/c/${slug}/letters/pdf`, page, { kind: 'letter' })).rawPayload));
      const first = flat(letters[0]!);
      for (const line of office.addressLines) expect(first, `${office.id}: ${line}`).toContain(flat(line));
      // Posted inside the country: no country line.
      expect(postalLines(office, country)).toEqual(office.addressLines);
      const date = formatLetterDate(new Date(), letterLocale(campaign.language, country));
      expect(first, country).toContain(date);
      const file = files.write((await pressButton(t.app, `/c/${slug}/letters/pdf`, page, { kind: 'envelope' })).rawPayload);
      const [[width, height]] = pageSizes(file) as [[number, number]];
      const [w, h] = ENVELOPES[envelopeFor(country, paperFor(country))];
      expect([Math.round(width), Math.round(height)], `${country} envelope`).toEqual([Math.round(w), Math.round(h)]);
      expect(flat(pagesText(file)[0]!)).toContain(flat(office.addressLines.at(-1)!));
      const letterFile = files.write((await pressButton(t.app, `/c/${slug}/letters/pdf`, page, { kind: 'letter' })).rawPayload);
      expect(pageSizes(letterFile)[0], country).toEqual([PAGE(country).width, PAGE(country).height]);
    }
  });

  it('puts the return address where each country’s post expects it: top left, or bottom left on a Japanese envelope', async () => {
    for (const [country, office, below] of [['JP', 'embassy-tokyo', true], ['KR', 'embassy-seoul', false], ['GB', 'embassy-london', false]] as const) {
      const { page } = await composeLetters(t.app, slug, { ...supporter, name: 'Robin Returnaddress', country, offices: [office], paperSize: paperFor(country) });
      const file = files.write((await pressButton(t.app, `/c/${slug}/letters/pdf`, page, { kind: 'envelope' })).rawPayload);
      const words = wordBoxes(file, 1);
      const sender = words.find((w) => w.text === 'Returnaddress')!;
      const recipient = words.find((w) => w.text === 'Embassy')!;
      expect(sender.xMax, country).toBeLessThan(recipient.xMin);
      expect(sender.yMin > recipient.yMin, country).toBe(below);
    }
  });

  it('dials the fax from the supporter’s country, its international prefix explained, and only from abroad', async () => {
    const faxText = async (country: string) => {
      const { page } = await composeLetters(t.app, slug, { ...supporter, country, officesIn: 'US', offices: ['embassy-washington'] });
      return flat(pagesText(files.write((await pressButton(t.app, `/c/${slug}/letters/pdf`, page, { kind: 'fax' })).rawPayload))[0]!);
    };
    expect(await faxText('GB')).toContain('Dial 00 1-202-495-2138 from the United Kingdom (00 is its international prefix, in place of the +)');
    expect(await faxText('AU')).toContain('Dial 0011 1-202-495-2138 from Australia (0011 is its international prefix');
    expect(await faxText('US')).not.toContain('Dial');
  });

  it('prints the dates as each country writes them', () => {
    const day = new Date('2026-12-01T12:00:00Z');
    expect(formatLetterDate(day, letterLocale('en-US', 'US'))).toBe('December 1, 2026');
    expect(formatLetterDate(day, letterLocale('en-US', 'GB'))).toBe('1 December 2026');
    expect(formatLetterDate(day, letterLocale('en-US', 'AU'))).toBe('1 December 2026');
  });

  it('adds the country line and says "international" when the letter is posted from abroad', async () => {
    const london = offered.find((o) => o.id === 'embassy-london')!;
    const { response, page } = await composeLetters(t.app, slug, { ...supporter, country: 'IE', officesIn: 'GB', offices: [london.id] });
    expect(response.body).toContain('Posting from Ireland to the United Kingdom is international');
    const text = flat(pagesText(files.write((await pressButton(t.app, `/c/${slug}/letters/pdf`, page, { kind: 'letter' })).rawPayload))[0]!);
    expect(text).toContain('London W1B 1JL UNITED KINGDOM');
  });

  it('with no checked office in the country: says so, links to the ministry, and makes the letter with the address left blank, uncounted', async () => {
    await t.app.counter.flush();
    const before = (await readCampaignCounts(t.app.db, slug)).totals.packs;
    const picked = await postForm(t.app, `/c/${slug}/letters`, { country: 'IE', action: 'pick-country' });
    expect(picked.statusCode).toBe(200);
    expect(picked.body).toContain('We have no checked address for a Chinese embassy or consulate in Ireland yet.');
    expect(picked.body).toContain('href="https://www.mfa.gov.cn/eng/"');
    expect(ticked(picked.body)).toEqual([]);
    const blank = await postForm(t.app, `/c/${slug}/letters`, { ...supporter, country: 'IE', paperSize: 'a4', action: 'blank' });
    expect(blank.statusCode).toBe(200);
    expect(blank.headers['content-type']).toBe('application/pdf');
    const pages = pagesText(files.write(blank.rawPayload)).map(flat);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatch(/People's Republic of China c\/o Dear Mr\. President:/);
    await t.app.counter.flush();
    expect((await readCampaignCounts(t.app.db, slug)).totals.packs).toBe(before);
    // Without a name, the blank letter is refused like any letter, with the message beside the field.
    const nameless = await postForm(t.app, `/c/${slug}/letters`, { country: 'IE', action: 'blank' });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.body).toContain('id="name-error"');
  });

  it('tells a supporter in Taiwan plainly that there is no mission there', async () => {
    const picked = await postForm(t.app, `/c/${slug}/letters`, { country: 'TW', action: 'pick-country' });
    expect(picked.body).toContain('The People’s Republic of China has no embassy or consulate in Taiwan');
  });

  it('ticks the office for a province, or the embassy when that province’s own office has no checked address', async () => {
    const bc = await postForm(t.app, `/c/${slug}/letters`, { country: 'CA', region: 'CA-BC', action: 'pick-region' });
    expect(ticked(bc.body)).toEqual(['consulate-vancouver']);
    const ontario = await postForm(t.app, `/c/${slug}/letters`, { country: 'CA', region: 'CA-ON', action: 'pick-region' });
    expect(ticked(ontario.body)).toEqual(['embassy-ottawa']);
    expect(ontario.body).toContain('The Consulate-General, Toronto serves Ontario, but we have no checked address for it yet');
  });

  it('never offers or accepts an unverified or a closed office, by the form, by hand or carried on the next-steps page', async () => {
    const html = (await t.app.inject({ method: 'GET', url: `/c/${slug}`, headers: { 'accept-language': 'en-CA' } })).body;
    for (const id of ['consulate-toronto', 'consulate-houston', 'consulate-edinburgh']) {
      expect(html, id).not.toContain(`value="${id}"`);
      const posted = await postForm(t.app, `/c/${slug}/letters`, { ...supporter, country: 'CA', offices: [id] });
      expect(posted.statusCode, id).toBe(400);
      expect(posted.body).toContain('One of the chosen offices is not part of this campaign');
    }
    const { page } = await composeLetters(t.app, slug, { ...supporter, country: 'CA', offices: ['embassy-ottawa'] });
    for (const id of ['consulate-toronto', 'consulate-houston']) {
      const carried = { ...page, letter: JSON.stringify({ ...JSON.parse(page.letter), offices: [id] }) };
      expect((await pressButton(t.app, `/c/${slug}/letters/pdf`, carried, { kind: 'letter' })).statusCode, id).toBe(400);
    }
  });

  it('keeps the country out of what is stored: the counts know only the offices', async () => {
    const { page } = await composeLetters(t.app, slug, { ...supporter, country: 'NZ', offices: ['consulate-auckland'] });
    expect(JSON.parse(page.letter).country).toBe('NZ');
    await t.app.counter.flush();
    const rows = JSON.stringify(await readCampaignCounts(t.app.db, slug));
    expect(rows).not.toMatch(/"NZ"|New Zealand/);
  });
});
