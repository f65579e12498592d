import { cp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ContentError, loadCatalog, type Catalog } from '../../server/content/catalog.ts';
import type { Campaign } from '../../server/content/campaign.ts';
import { US_STATE_CODES_50 } from '../../server/content/us-states.ts';
import { copyContent } from '../support/content.ts';
import { REPO_ROOT, FIXTURE_CONTENT_DIR, REAL_CONTENT_DIR, SEED_FIXTURES_DIR } from '../support/paths.ts';

// Excerpts of the seed notices the campaign was written from; each file's header names its original.
const SAMPLE_SEED = path.join(SEED_FIXTURES_DIR, '004-notice.txt');

const OPEN_US = ['embassy-washington', 'consulate-new-york', 'consulate-chicago', 'consulate-san-francisco', 'consulate-los-angeles'];
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

async function contentError(dir: string): Promise<ContentError> {
  const error = await loadCatalog(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContentError);
  return error as ContentError;
}

describe('the shipped content (templates/)', () => {
  let catalog: Catalog;
  let campaign: Campaign;
  beforeAll(async () => {
    catalog = await loadCatalog(REAL_CONTENT_DIR);
    campaign = catalog.getCampaign('stop-forced-return')!;
  });

  it('loads, with the seed campaign live on the home page', () => {
    expect(campaign).toBeDefined();
    expect(catalog.listCampaigns().map((c) => c.slug)).toContain('stop-forced-return');
    expect(campaign).toMatchObject({ status: 'live', language: 'en-US', defaultPaperSize: 'letter' });
  });

  it('offers the five open US missions, embassy first, and never Houston', () => {
    const us = catalog.offeredOffices(campaign).filter((o) => o.country === 'US');
    expect(us.map((o) => o.id)).toEqual(OPEN_US);
    expect(catalog.offeredOffices(campaign).every((o) => o.status.state === 'open')).toBe(true);
    const houston = catalog.getOffice('consulate-houston');
    expect(houston?.status).toMatchObject({ state: 'closed', closedOn: '2020-07-24' });
    expect(catalog.officesForRegion(campaign, 'US-TX').map((o) => o.id)).toEqual(['embassy-washington']);
  });

  it('writes to every country in the address book, and offers only the open offices there', () => {
    expect(campaign.countries).toBe('all');
    expect(catalog.countriesOf(campaign)).toEqual(expect.arrayContaining(['US', 'GB', 'CA', 'AU', 'NZ', 'KR', 'JP', 'DE', 'FR', 'BE', 'CH', 'ES', 'NO', 'TH']));
    const offered = new Set(catalog.offeredOffices(campaign).map((o) => o.id));
    for (const id of ['embassy-london', 'consulate-manchester', 'embassy-ottawa', 'consulate-vancouver', 'embassy-seoul', 'embassy-tokyo', 'embassy-berlin', 'embassy-paris']) {
      expect(offered.has(id), id).toBe(true);
    }
    // Incomplete or low-confidence addresses are kept as data, never offered.
    for (const id of ['consulate-edinburgh', 'consulate-toronto', 'consulate-hamburg', 'embassy-wellington', 'embassy-the-hague']) {
      expect(catalog.getOffice(id)?.status.state, id).toBe('unverified');
      expect(offered.has(id), id).toBe(false);
    }
  });

  it('finds offices by region: US-CA gives both Californian consulates, US-TX and US-PR the Embassy', () => {
    const ids = (code: string) => catalog.officesForRegion(campaign, code).map((o) => o.id);
    expect(ids('US-CA')).toEqual(['consulate-san-francisco', 'consulate-los-angeles']);
    expect(ids('us-ca')).toEqual(ids('US-CA'));
    expect(ids('US-TX')).toEqual(['embassy-washington']);
    expect(ids('US-PR')).toEqual(['embassy-washington']);
    expect(ids('US-DC')).toEqual(['embassy-washington']);
    expect(ids('US-NY')).toEqual(['consulate-new-york']);
    expect(ids('US-IL')).toEqual(['consulate-chicago']);
    expect(ids('US-WA')).toEqual(['consulate-san-francisco']);
    expect(ids('US-GU')).toEqual(['consulate-los-angeles']);
    expect(ids('CA-BC')).toEqual(['consulate-vancouver']);
    // Ontario's consulate (Toronto) has no confirmed postcode: no offered office serves it.
    expect(ids('CA-ON')).toEqual([]);
    expect(ids('US-ZZ')).toEqual([]);
  });

  it('serves every state and DC through exactly one office, except California (two)', () => {
    for (const code of [...US_STATE_CODES_50, 'DC']) {
      expect(catalog.officesForRegion(campaign, `US-${code}`).length, code).toBe(code === 'CA' ? 2 : 1);
    }
  });

  it('lists the states served by name, with DC and the territories properly named', () => {
    const states = catalog.regionsOf(campaign, 'US').map((s) => ({ ...s, code: s.code.slice(3) }));
    const names = states.map((s) => s.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect(states).toHaveLength(55); // 50 states, DC, PR, GU, MP, AS
    expect(states).toContainEqual({ code: 'DC', name: 'District of Columbia' });
    expect(states).toContainEqual({ code: 'PR', name: 'Puerto Rico' });
    expect(states).toContainEqual({ code: 'GU', name: 'Guam' });
    expect(states).toContainEqual({ code: 'MP', name: 'Northern Mariana Islands' });
    expect(states).toContainEqual({ code: 'AS', name: 'American Samoa' });
    expect(new Set(states.map((s) => s.code)).size).toBe(states.length);
    // offices.md gives no district for the US Virgin Islands: the picker cannot offer it.
    expect(states.map((s) => s.code)).not.toContain('VI');
  });

  it('has the sample letter in order: required, three optional with labels, two required', () => {
    const paragraphs = campaign.letter.paragraphs;
    expect(paragraphs.map((p) => [p.id, p.optional])).toEqual([
      ['do-not-send-back', false],
      ['refugee-convention', true],
      ['let-unhcr-help', true],
      ['chance-for-reform', true],
      ['save-their-lives', false],
      ['thank-you', false],
    ]);
    for (const p of paragraphs.filter((p) => p.optional)) expect(p.label?.length).toBeGreaterThan(0);
    expect(paragraphs.filter((p) => p.checkedByDefault).map((p) => p.id)).toEqual(['refugee-convention']);
    expect(paragraphs[0]?.text.startsWith('Please do not send')).toBe(true);
    expect(paragraphs[4]?.text.startsWith('Please save the lives')).toBe(true);
    expect(paragraphs[5]?.text.startsWith('Thank you for your consideration')).toBe(true);
    // The parentheses of the sample's optional paragraphs are gone, and no text is wrapped in new ones.
    for (const p of paragraphs) expect(p.text).not.toMatch(/^\(|\)$/);
  });

  it('addresses the office, not a named 2012 office-holder, and explains the choices', () => {
    const { letter, editorialNotes } = campaign;
    expect(letter.addressee.join(' ')).not.toMatch(/Hu Jintao/);
    expect(letter.addressee).toEqual(["His Excellency the President of the People's Republic of China"]);
    expect(letter.careOf).toBe('c/o');
    expect(letter.closing).toBe('Respectfully,');
    expect(letter.subject).toMatch(/North Korean refugees/);
    expect(Object.keys(editorialNotes ?? {})).toEqual(expect.arrayContaining(['addressee', 'datedReferences', 'closing', 'paragraphs']));
    expect(editorialNotes?.datedReferences).toMatch(/Cui Tiankai/);
    expect(editorialNotes?.datedReferences).toMatch(/ascendency of Kim Jong Un/);
  });

  it('gives every background point at least one source, and only URLs that appear in the seeds', async () => {
    const points = campaign.background.points;
    expect(points.length).toBeGreaterThan(2);
    for (const point of points) expect(point.sources.length).toBeGreaterThan(0);
    const urls = points.flatMap((p) => p.sources.flatMap((s) => (s.url ? [s.url] : [])));
    const seeds = await Promise.all((await readdir(SEED_FIXTURES_DIR)).map((f) => readFile(path.join(SEED_FIXTURES_DIR, f), 'utf8')));
    for (const url of urls) expect(seeds.some((text) => text.includes(url)), url).toBe(true);
  });

  it("keeps the sample letter's paragraphs verbatim (seed 004)", async () => {
    const seed = await readFile(SAMPLE_SEED, 'utf8');
    const start = seed.indexOf('Dear Mr. President:');
    const end = seed.indexOf('Chinese Embassy (Washington, DC)');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const sample = seed
      .slice(start + 'Dear Mr. President:'.length, end)
      .split(/\n\s*\n/)
      .map(collapse)
      .filter(Boolean);
    expect(sample).toHaveLength(6);
    const paragraphs = campaign.letter.paragraphs;
    sample.forEach((original, i) => {
      const ours = paragraphs[i]!;
      // In the sample, the optional paragraphs are the ones in parentheses (the 3rd lacks its closing one).
      expect(ours.optional, ours.id).toBe(original.startsWith('('));
      const expected = ours.optional ? original.replace(/^\(/, '').replace(/\)$/, '') : original;
      expect(ours.text, ours.id).toBe(expected);
    });
    // Spot checks of characters that are easy to "fix" by accident.
    expect(paragraphs[1]!.text).toContain('respect China’s concerns'); // curly apostrophe, as in the source
    expect(paragraphs[3]!.text).toContain("in China's best interest"); // straight apostrophe, as in the source
    expect(paragraphs[2]!.text.endsWith('for the people.”')).toBe(true); // no closing parenthesis in the source
    expect(seed).toContain('Dear Mr. President:');
    expect(campaign.letter.salutation).toBe('Dear Mr. President:');
  });
});

describe('a second campaign with its own offices (test/fixtures/content)', () => {
  it('loads from its own folder with no code change', async () => {
    const catalog = await loadCatalog(FIXTURE_CONTENT_DIR);
    expect(catalog.listCampaigns().map((c) => c.slug)).toEqual(['fixture-appeal']);
    const campaign = catalog.getCampaign('fixture-appeal')!;
    expect(campaign.defaultPaperSize).toBe('a4');
    expect(campaign.letter.paragraphs.map((p) => p.optional)).toEqual([false, true, false]);
    // Defaults filled in by the schema.
    expect(campaign.letter.paragraphs[0]).toMatchObject({ optional: false, checkedByDefault: false });
    expect(catalog.getCampaign('stop-forced-return')).toBeUndefined();
    expect(catalog.getOffice('embassy-washington')).toBeUndefined();
  });

  it('lists a closed office without ever offering it', async () => {
    const catalog = await loadCatalog(FIXTURE_CONTENT_DIR);
    const campaign = catalog.getCampaign('fixture-appeal')!;
    expect(campaign.offices).toContain('test-closed-office');
    expect(catalog.getOffice('test-closed-office')?.status.state).toBe('closed');
    expect(catalog.offeredOffices(campaign).map((o) => o.id)).toEqual(['embassy-london']);
    expect(catalog.regionsOf(campaign, 'GB')).toEqual([]);
    expect(catalog.officesForRegion(campaign, 'US-CA')).toEqual([]);
  });
});

describe('campaign status and office closure', () => {
  let content: Awaited<ReturnType<typeof copyContent>>;
  afterEach(() => content?.cleanup());

  it('keeps draft and closed campaigns off the home page but findable by slug', async () => {
    content = await copyContent();
    await content.edit('campaigns/fixture-appeal/campaign.json', (c) => {
      c.status = 'draft';
    });
    const catalog = await loadCatalog(content.dir);
    expect(catalog.listCampaigns()).toEqual([]);
    expect(catalog.getCampaign('fixture-appeal')?.status).toBe('draft');
  });

  it('drops an office from every campaign when the address book marks it closed', async () => {
    content = await copyContent(REAL_CONTENT_DIR);
    await content.edit('campaigns/stop-forced-return/campaign.json', (c) => {
      c.offices.push('consulate-houston');
    });
    await content.edit('offices/us.json', (offices) => {
      offices.find((o: { id: string }) => o.id === 'consulate-chicago').status = { state: 'closed', closedOn: '2026-11-20' };
    });
    const catalog = await loadCatalog(content.dir);
    const campaign = catalog.getCampaign('stop-forced-return')!;
    expect(campaign.offices).toContain('consulate-houston');
    expect(catalog.offeredOffices(campaign).filter((o) => o.country === 'US').map((o) => o.id)).toEqual(OPEN_US.filter((id) => id !== 'consulate-chicago'));
    expect(catalog.officesForRegion(campaign, 'US-IL')).toEqual([]);
    expect(catalog.officesForRegion(campaign, 'US-TX').map((o) => o.id)).toEqual(['embassy-washington']);
  });

  it('returns frozen content, so one request cannot change what the next one sees', async () => {
    const catalog = await loadCatalog(FIXTURE_CONTENT_DIR);
    const campaign = catalog.getCampaign('fixture-appeal')!;
    expect(() => campaign.letter.paragraphs.pop()).toThrow(TypeError);
    catalog.listCampaigns().pop();
    expect(catalog.listCampaigns()).toHaveLength(1);
  });
});

describe('broken content stops the load with the file and the field named', () => {
  let content: Awaited<ReturnType<typeof copyContent>>;
  afterEach(() => content?.cleanup());
  const CAMPAIGN = 'campaigns/fixture-appeal/campaign.json';

  it('an optional paragraph without a label', async () => {
    content = await copyContent();
    await content.edit(CAMPAIGN, (c) => {
      delete c.letter.paragraphs[1].label;
    });
    const error = await contentError(content.dir);
    expect(error.message).toBe(`${content.file(CAMPAIGN)}: letter.paragraphs[1].label: an optional paragraph needs a label`);
    expect(error.problems).toEqual([{ file: content.file(CAMPAIGN), field: 'letter.paragraphs[1].label', message: 'an optional paragraph needs a label' }]);
    expect(error.code).toBe('CONTENT_INVALID');
  });

  it('an organizer nobody could reach, or a website that is not a web address', async () => {
    content = await copyContent();
    await content.edit(CAMPAIGN, (c) => {
      c.organizer = { name: 'Fixture Friends', about: 'Volunteers since 2001.' };
    });
    expect((await contentError(content.dir)).problems).toEqual([
      { file: content.file(CAMPAIGN), field: 'organizer', message: 'give a website or an email address, so supporters can reach the organizer' },
    ]);
    await content.edit(CAMPAIGN, (c) => {
      c.organizer.website = 'javascript:alert(1)';
    });
    expect((await contentError(content.dir)).problems[0]).toMatchObject({ field: 'organizer.website' });
  });

  it('shows paths relative to the working directory when the content is inside it', async () => {
    const parent = path.join(REPO_ROOT, 'test/fixtures/.tmp');
    await mkdir(parent, { recursive: true });
    content = await copyContent(FIXTURE_CONTENT_DIR, parent);
    try {
      await content.edit(CAMPAIGN, (c) => {
        delete c.letter.paragraphs[1].label;
      });
      const error = await contentError(content.dir);
      const relative = path.relative(process.cwd(), content.file(CAMPAIGN));
      expect(relative.startsWith('..')).toBe(false);
      expect(error.message).toBe(`${relative}: letter.paragraphs[1].label: an optional paragraph needs a label`);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('invalid JSON in a campaign, with line and column', async () => {
    content = await copyContent();
    await content.write(CAMPAIGN, '{\n  "slug": "fixture-appeal",\n  "status": "live",,\n}');
    const error = await contentError(content.dir);
    expect(error.message).toMatch(new RegExp(`^${escape(content.file(CAMPAIGN))}: invalid JSON: .*\\(line 3, column \\d+\\)$`));
  });

  it('invalid JSON in an office file', async () => {
    content = await copyContent();
    await content.write('offices/gb.json', '[ { "id": "embassy-london" ');
    const error = await contentError(content.dir);
    expect(error.problems[0]).toMatchObject({ file: content.file('offices/gb.json'), message: expect.stringMatching(/^invalid JSON/) });
  });

  it('a duplicate office id, naming both files', async () => {
    content = await copyContent();
    const gb = JSON.parse(await readFile(content.file('offices/gb.json'), 'utf8'));
    await content.write('offices/more.json', JSON.stringify([gb[0]]));
    const error = await contentError(content.dir);
    expect(error.message).toContain(`${content.file('offices/more.json')}: [0].id: duplicate office id "embassy-london"`);
    expect(error.message).toContain(`already defined in ${content.file('offices/gb.json')}`);
  });

  it('a duplicate paragraph id', async () => {
    content = await copyContent();
    await content.edit(CAMPAIGN, (c) => {
      c.letter.paragraphs[2].id = 'opening';
    });
    const error = await contentError(content.dir);
    expect(error.message).toBe(`${content.file(CAMPAIGN)}: letter.paragraphs[2].id: duplicate paragraph id "opening"`);
  });

  it('a paragraph that is not closing after a closing one', async () => {
    content = await copyContent();
    await content.edit(CAMPAIGN, (c) => {
      c.letter.paragraphs[1].closing = true;
    });
    const error = await contentError(content.dir);
    expect(error.message).toBe(
      `${content.file(CAMPAIGN)}: letter.paragraphs[2].closing: comes after the closing paragraph "extra": closing paragraphs must be the last ones`,
    );
  });

  it('a slug that differs from its folder name', async () => {
    content = await copyContent();
    await content.edit(CAMPAIGN, (c) => {
      c.slug = 'other-name';
    });
    const error = await contentError(content.dir);
    expect(error.message).toBe(`${content.file(CAMPAIGN)}: slug: "other-name" does not match its folder name "fixture-appeal"`);
  });

  it('a duplicate slug (a copied campaign folder whose slug was not changed)', async () => {
    content = await copyContent();
    await cp(content.file('campaigns/fixture-appeal'), content.file('campaigns/fixture-appeal-2'), { recursive: true });
    const error = await contentError(content.dir);
    const copy = content.file('campaigns/fixture-appeal-2/campaign.json');
    expect(error.problems.map((p) => [p.file, p.field])).toEqual([
      [copy, 'slug'],
      [copy, 'slug'],
    ]);
    expect(error.message).toContain(`${copy}: slug: duplicate slug "fixture-appeal" (already used by ${content.file(CAMPAIGN)})`);
    expect(error.message).toContain(`${copy}: slug: "fixture-appeal" does not match its folder name "fixture-appeal-2"`);
  });

  it('a campaign naming an unknown office id', async () => {
    content = await copyContent();
    await content.edit(CAMPAIGN, (c) => {
      c.offices.push('embassy-atlantis');
    });
    const error = await contentError(content.dir);
    expect(error.message).toBe(`${content.file(CAMPAIGN)}: offices[2]: unknown office id "embassy-atlantis"`);
  });

  it('a campaign listing the same office twice', async () => {
    content = await copyContent();
    await content.edit(CAMPAIGN, (c) => {
      c.offices.push('embassy-london');
    });
    const error = await contentError(content.dir);
    expect(error.message).toBe(`${content.file(CAMPAIGN)}: offices[2]: office "embassy-london" is listed twice`);
  });

  it('a live campaign whose offices are all closed', async () => {
    content = await copyContent();
    await content.edit(CAMPAIGN, (c) => {
      c.offices = ['test-closed-office'];
    });
    const error = await contentError(content.dir);
    expect(error.message).toBe(`${content.file(CAMPAIGN)}: offices: a live campaign needs at least one open office`);
  });

  it('a misspelt field', async () => {
    content = await copyContent();
    await content.edit(CAMPAIGN, (c) => {
      c.letter.closng = c.letter.closing;
      delete c.letter.closing;
    });
    const error = await contentError(content.dir);
    expect(error.problems.map((p) => p.field).sort()).toEqual(['letter.closing', 'letter.closng']);
    expect(error.message).toContain(`${content.file(CAMPAIGN)}: letter.closng: unknown field (check the spelling)`);
  });

  it('a bad office field, naming the office', async () => {
    content = await copyContent();
    await content.edit('offices/gb.json', (offices) => {
      offices[0].lastChecked = 'November 2026';
    });
    const error = await contentError(content.dir);
    expect(error.problems).toHaveLength(1);
    expect(error.message).toMatch(new RegExp(`^${escape(content.file('offices/gb.json'))}: \\[0\\]\\.lastChecked: .*\\(office "embassy-london"\\)$`));
  });

  it('an office with a redacted or invented-looking email', async () => {
    content = await copyContent();
    await content.edit('offices/gb.json', (offices) => {
      offices[0].email = '[email protected]';
    });
    const error = await contentError(content.dir);
    expect(error.message).toContain(`${content.file('offices/gb.json')}: [0].email:`);
  });

  it('a US office whose district has a code that is not a state, or a region of another country', async () => {
    content = await copyContent(REAL_CONTENT_DIR);
    await content.edit('offices/us.json', (offices) => {
      offices[1].regions.push('US-NW');
    });
    const error = await contentError(content.dir);
    expect(error.message).toBe(`${content.file('offices/us.json')}: [1].regions[10]: "US-NW" is not a region of US`);
  });

  it('an open office whose address has no postcode where its country uses them', async () => {
    content = await copyContent(REAL_CONTENT_DIR);
    await content.edit('offices/gb.json', (offices) => {
      offices[0].addressLines[2] = 'London';
    });
    const error = await contentError(content.dir);
    expect(error.problems).toEqual([
      { file: content.file('offices/gb.json'), field: '[0].addressLines', message: expect.stringMatching(/^no postcode in the address: .*mark it unverified/) },
    ]);
  });

  it('a closed office without its closing date', async () => {
    content = await copyContent();
    await content.edit('offices/gb.json', (offices) => {
      delete offices[1].status.closedOn;
    });
    const error = await contentError(content.dir);
    expect(error.message).toContain(`${content.file('offices/gb.json')}: [1].status.closedOn:`);
  });

  it('a campaign folder without campaign.json', async () => {
    content = await copyContent();
    await mkdir(content.file('campaigns/half-done'));
    const error = await contentError(content.dir);
    expect(error.message).toBe(`${content.file('campaigns/half-done/campaign.json')}: file not found`);
  });

  it('a content folder that does not exist', async () => {
    const missing = path.join(FIXTURE_CONTENT_DIR, 'does-not-exist');
    const error = await contentError(missing);
    expect(error.message).toContain(`${path.relative(process.cwd(), path.join(missing, 'offices'))}: folder not found`);
  });

  it('reports every problem at once, one per line', async () => {
    content = await copyContent();
    await content.edit(CAMPAIGN, (c) => {
      delete c.letter.paragraphs[1].label;
      c.defaultPaperSize = 'legal';
    });
    await content.edit('offices/gb.json', (offices) => {
      offices[0].country = 'UK ';
    });
    const error = await contentError(content.dir);
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.split(': ').slice(1, 2)[0]).sort()).toEqual(['[0].country', 'defaultPaperSize', 'letter.paragraphs[1].label']);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
