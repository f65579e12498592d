import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOpen, postalLines, officeFileSchema } from '../../server/content/office.ts';
import { usStateName } from '../../server/content/us-states.ts';
import { REAL_CONTENT_DIR } from '../support/paths.ts';

// The address book exactly as shipped, checked against shared/reference/offices.md (November 2026).
const raw: unknown = JSON.parse(await readFile(path.join(REAL_CONTENT_DIR, 'offices/us.json'), 'utf8'));
const offices = officeFileSchema.parse(raw);
const byId = (id: string) => {
  const office = offices.find((o) => o.id === id);
  if (!office) throw new Error(`no office ${id}`);
  return office;
};

describe('templates/offices/us.json', () => {
  it('has the six US missions: five open, Houston closed on 2020-07-24', () => {
    expect(offices.map((o) => o.id)).toEqual([
      'embassy-washington',
      'consulate-new-york',
      'consulate-chicago',
      'consulate-san-francisco',
      'consulate-los-angeles',
      'consulate-houston',
    ]);
    expect(offices.filter(isOpen).map((o) => o.id)).not.toContain('consulate-houston');
    expect(offices.filter(isOpen)).toHaveLength(5);
    expect(byId('consulate-houston').status).toMatchObject({ state: 'closed', closedOn: '2020-07-24' });
    expect(byId('consulate-houston').regions).toEqual([]);
    expect(byId('consulate-houston').fax).toBeUndefined();
  });

  it('gives every office its source and the date it was last checked', () => {
    for (const office of offices) {
      expect(office.source.length, office.id).toBeGreaterThan(20);
      expect(office.source, office.id).toMatch(/offices\.md/);
      expect(office.lastChecked, office.id).toMatch(/^2026-11-\d\d$/);
    }
  });

  it('has no email address for any office (the 2012 ones were redacted; none is invented)', () => {
    for (const entry of raw as object[]) expect(entry).not.toHaveProperty('email');
    expect(JSON.stringify(raw)).not.toMatch(/@|email protected/i);
  });

  it('writes addresses as they go on an envelope posted in the US: name, street, "City, ST ZIP" (no country line)', () => {
    for (const office of offices) {
      const [first, street, cityLine, ...rest] = office.addressLines;
      expect(first, office.id).toBe(office.name);
      expect(street, office.id).toMatch(/^\d+ /);
      expect(cityLine, office.id).toMatch(/^[A-Za-z .]+, [A-Z]{2} \d{5}$/);
      // The short city name shown in the form ("Washington, DC" is spelt out: WA is a different place).
      expect(cityLine?.startsWith(office.city), office.id).toBe(true);
      expect(rest, office.id).toEqual([]);
      expect(office.country).toBe('US');
    }
    expect(byId('embassy-washington').addressLines).toEqual([
      "Embassy of the People's Republic of China",
      '3505 International Place NW',
      'Washington, DC 20008',
    ]);
    // Posted from abroad, the country's name is added as the last line, in capitals.
    expect(postalLines(byId('embassy-washington'), 'GB').at(-1)).toBe('UNITED STATES');
    expect(postalLines(byId('embassy-washington'), 'US')).toEqual(byId('embassy-washington').addressLines);
    expect(byId('consulate-new-york').addressLines[0]).toBe("Consulate-General of the People's Republic of China in New York");
  });

  it('uses the checked addresses, not the outdated 2012 ones', () => {
    expect(byId('consulate-chicago').addressLines).toContain('Chicago, IL 60654');
    expect(JSON.stringify(byId('consulate-chicago').addressLines)).not.toContain('60610');
    expect(byId('consulate-new-york').addressLines).toContain('520 12th Avenue');
    expect(byId('consulate-san-francisco').addressLines).toContain('1450 Laguna Street');
    expect(byId('consulate-los-angeles').addressLines).toContain('443 Shatto Place');
  });

  it('carries the phone and fax numbers of offices.md, with the doubt where sources disagree', () => {
    expect(byId('embassy-washington')).toMatchObject({ phone: '+1-202-495-2266', fax: '+1-202-495-2138' });
    expect(byId('consulate-new-york')).toMatchObject({ phone: '+1-212-244-9392' });
    expect(byId('consulate-new-york').faxNote).toMatch(/212-502-0245/);
    expect(byId('consulate-new-york').faxNote).toMatch(/212-564-9389/);
    expect(byId('consulate-chicago')).toMatchObject({ phone: '+1-312-803-0095', fax: '+1-312-803-0110' });
    expect(byId('consulate-chicago').faxNote).toMatch(/312-803-0105/);
    expect(byId('consulate-san-francisco')).toMatchObject({ phone: '+1-415-852-5900', fax: '+1-415-563-0494' });
    expect(byId('consulate-los-angeles')).toMatchObject({ phone: '+1-213-807-8088', fax: '+1-213-807-8091' });
    for (const office of offices.filter(isOpen)) expect(office.fax, office.id).toMatch(/^\+1-\d{3}-\d{3}-\d{4}$/);
  });

  it('splits the country into consular districts of real state and territory codes (ISO 3166-2), as since June 2024', () => {
    const open = offices.filter(isOpen);
    const district = (id: string) => byId(id).regions.map((code) => code.replace(/^US-/, ''));
    for (const office of open) {
      for (const code of office.regions) expect(code, office.id).toMatch(/^US-/);
      for (const code of office.regions) expect(usStateName(code.slice(3)), `${office.id}: ${code}`).toBeDefined();
      expect(new Set(office.regions).size, office.id).toBe(office.regions.length);
    }
    expect(district('consulate-san-francisco')).toEqual(expect.arrayContaining(['CA', 'ID', 'MT', 'WY']));
    expect(district('consulate-los-angeles')).toEqual(expect.arrayContaining(['CA', 'UT', 'CO']));
    expect(district('consulate-chicago')).toEqual(expect.arrayContaining(['NE', 'ND', 'SD']));
    expect(district('consulate-chicago')).not.toContain('CO');
    // The former Houston district now belongs to the Embassy.
    expect(district('embassy-washington')).toEqual(expect.arrayContaining(['DC', 'AL', 'AR', 'FL', 'GA', 'LA', 'MS', 'OK', 'TX', 'PR']));
    expect(district('consulate-los-angeles')).toEqual(expect.arrayContaining(['GU', 'MP', 'AS']));
    // Only California is shared.
    const counts = new Map<string, number>();
    for (const code of open.flatMap((o) => o.regions)) counts.set(code, (counts.get(code) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1).map(([code]) => code)).toEqual(['US-CA']);
  });

  it('says which fax numbers are official and shows the doubt about the others (offices-world.md, December 2026)', () => {
    expect(byId('embassy-washington').confidence.fax).toBe('high');
    for (const id of ['consulate-new-york', 'consulate-chicago', 'consulate-san-francisco', 'consulate-los-angeles']) {
      expect(byId(id).confidence.fax, id).toBe('low');
      expect(byId(id).faxNote, id).toMatch(/^Low confidence/);
    }
  });
});
