import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../server/content/campaign.ts';
import { copyContent } from '../support/content.ts';
import { REAL_CONTENT_DIR } from '../support/paths.ts';
import { buildTestApp, postForm, type TestApp, SEED_OFFICES } from '../support/app.ts';
import { composeLetters } from '../support/next-steps.ts';

const SLUG = 'stop-forced-return';
let content: Awaited<ReturnType<typeof copyContent>>;
let t: TestApp;

beforeAll(async () => {
  content = await copyContent(REAL_CONTENT_DIR);
  await content.edit(`campaigns/${SLUG}/campaign.json`, (c: Campaign) => ({ ...c, goal: 40, publicCountThreshold: 10 }));
  t = await buildTestApp({ contentDir: content.dir });
});
afterAll(async () => {
  await t?.close();
  await content?.cleanup();
});

const page = async () => (await t.app.inject({ method: 'GET', url: `/c/${SLUG}` })).body;
/** Letters to one office each. */
async function write(letters: number) {
  for (let i = 0; i < letters; i++) await composeLetters(t.app, SLUG, { name: `Supporter ${i}`, offices: ['consulate-chicago'] });
  await t.app.counter.flush();
}

describe('letters made, on the campaign page', () => {
  it('reads "fewer than 10" until there are 10, then the exact number, with the goal bar', async () => {
    expect(await page()).toContain('Fewer than 10 letters made');
    await write(9);
    let html = await page();
    expect(html).toContain('Fewer than 10 letters made');
    expect(html).not.toMatch(/\b9 letters made/);
    expect(html).toMatch(/<progress max="40" value="0"/);

    await write(3);
    html = await page();
    expect(html).toContain('12 letters made');
    expect(html).toContain('A letter is counted when a supporter makes it here: one for each office they write to.');
    expect(html).toContain('Goal: 40 letters');
    expect(html).toMatch(/<progress max="40" value="12"/);
    expect(html).not.toContain('Fewer than');
  });
});

describe('a campaign past its closing date', () => {
  it('shows its result and a thank-you instead of the form, and takes no more letters', async () => {
    const closed = await copyContent(content.dir);
    await closed.edit(`campaigns/${SLUG}/campaign.json`, (c: Campaign) => ({ ...c, closesOn: '2020-01-31', publicCountThreshold: 5 }));
    const app = await buildTestApp({ contentDir: closed.dir });
    try {
      const html = (await app.app.inject({ method: 'GET', url: `/c/${SLUG}` })).body;
      expect(html).toContain('This campaign has closed');
      expect(html).toContain('Thank you to everyone who wrote.');
      // Said first, before the summary that asked people to write.
      expect(html.indexOf('This campaign has closed')).toBeLessThan(html.indexOf('class="lede"'));
      expect(html).toContain('Fewer than 5 letters made');
      expect(html).not.toContain('<form');
      const post = await postForm(app.app, `/c/${SLUG}/letters`, { name: 'Late', offices: SEED_OFFICES });
      expect(post.statusCode).toBe(410);
    } finally {
      await app.close();
      await closed.cleanup();
    }
  });

  it('takes letters through the last minute of its closing day (UTC), and refuses them from the next day on', async () => {
    const open = await copyContent(content.dir);
    await open.edit(`campaigns/${SLUG}/campaign.json`, (c: Campaign) => ({ ...c, closesOn: '2026-12-31' }));
    let now = new Date('2026-12-31T23:59:59.999Z');
    const app = await buildTestApp({ contentDir: open.dir }, { now: () => now });
    const send = () =>
      postForm(app.app, `/c/${SLUG}/letters`, { name: 'On time', offices: SEED_OFFICES });
    try {
      expect((await app.app.inject({ method: 'GET', url: `/c/${SLUG}` })).body).toContain('<form');
      expect((await send()).statusCode).toBe(200);

      now = new Date('2027-01-01T00:00:00.000Z');
      const html = (await app.app.inject({ method: 'GET', url: `/c/${SLUG}` })).body;
      expect(html).toContain('This campaign has closed');
      expect(html).not.toContain('<form');
      expect((await send()).statusCode).toBe(410);
    } finally {
      await app.close();
      await open.cleanup();
    }
  });
});
