/**
 * The address book, read file by file as the data check reads it: every office sourced, dated and graded; every
 * offered address whole; and the README's list of shipped offices is the data's.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { POSTCODE_PATTERNS } from '../../server/content/countries.ts';
import { officeFileSchema, type Office } from '../../server/content/office.ts';
import { REAL_CONTENT_DIR, REPO_ROOT } from '../support/paths.ts';

async function book(): Promise<{ file: string; offices: Office[] }[]> {
  const dir = path.join(REAL_CONTENT_DIR, 'offices');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (file) => ({ file, offices: officeFileSchema.parse(JSON.parse(await readFile(path.join(dir, file), 'utf8'))) })));
}

describe('the office address book (templates/offices/*.json)', () => {
  it('holds one file per country, named by its ISO code, with only that country’s offices', async () => {
    for (const { file, offices } of await book()) {
      for (const office of offices) expect(office.country.toLowerCase(), `${file}: ${office.id}`).toBe(path.basename(file, '.json'));
    }
  });

  it('gives every office a source, a last-checked date and a confidence, and no two the same id', async () => {
    const ids = new Set<string>();
    for (const { file, offices } of await book()) {
      for (const office of offices) {
        expect(ids.has(office.id), `${file}: ${office.id} twice`).toBe(false);
        ids.add(office.id);
        expect(office.source.length, office.id).toBeGreaterThan(20);
        expect(office.lastChecked, office.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(['high', 'medium', 'low'], office.id).toContain(office.confidence.address);
      }
    }
  });

  it('offers only whole addresses of medium or high confidence, with a postcode where the country uses them', async () => {
    for (const { offices } of await book()) {
      for (const office of offices.filter((o) => o.status.state === 'open')) {
        expect(office.confidence.address, office.id).not.toBe('low');
        expect(office.addressLines.length, office.id).toBeGreaterThanOrEqual(3);
        const postcode = POSTCODE_PATTERNS[office.country];
        expect(postcode, `${office.id}: the data check knows ${office.country}'s postcodes`).toBeDefined();
        expect(office.addressLines.some((line) => postcode!.test(line)), office.id).toBe(true);
        // The country line is added when posting from abroad, never stored.
        expect(office.addressLines.at(-1), office.id).not.toMatch(/^(USA|UNITED KINGDOM|United Kingdom|Canada|Australia|Japan|Germany)$/);
      }
    }
  });

  it('keeps what cannot be offered as unverified, saying what is missing', async () => {
    const unverified = (await book()).flatMap((f) => f.offices).filter((o) => o.status.state === 'unverified');
    expect(unverified.length).toBeGreaterThan(20);
    for (const office of unverified) expect(office.status.state === 'unverified' && office.status.missing.length, office.id).toBeGreaterThan(3);
  });

  it('is listed in the README exactly as shipped: every open office by country, and nothing else', async () => {
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = /<!-- offices:start -->([\s\S]*?)<!-- offices:end -->/.exec(readme)?.[1] ?? '';
    const listed = [...section.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).sort();
    const open = (await book()).flatMap((f) => f.offices).filter((o) => o.status.state === 'open').map((o) => o.id).sort();
    expect(listed).toEqual(open);
  });
});
