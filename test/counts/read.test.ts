import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounter, type LetterPackEvent } from '../../server/counts/counter.ts';
import { readCampaignCounts } from '../../server/counts/read.ts';
import type { Database } from '../../server/db/client.ts';
import { incrementCounts } from '../../server/db/daily-counts.ts';
import { openTestDatabase, type OpenTestDatabase } from '../support/database.ts';

let database: OpenTestDatabase;
let db: Database;

const pack = (at: string, overrides: Partial<LetterPackEvent> = {}): LetterPackEvent => ({
  campaign: 'kim',
  at: new Date(at),
  officeIds: ['ny'],
  paragraphIds: [],
  ownWords: false,
  paperSize: 'letter',
  ...overrides,
});

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  const counter = createCounter({ db, flushIntervalMs: 60_000 });
  // 23:30 in New York on 1 March is already 2 March in UTC.
  counter.record(pack('2026-03-01T23:30:00-05:00', { officeIds: ['ny', 'la'], paragraphIds: ['p1'], ownWords: true }));
  counter.record(pack('2026-03-02T08:00:00Z', { paperSize: 'a4', paragraphIds: ['p1', 'p2'] }));
  // 00:30 in Seoul on 2 March is still 1 March in UTC.
  counter.record(pack('2026-03-02T00:30:00+09:00'));
  counter.record(pack('2026-03-05T12:00:00Z', { officeIds: ['la', 'sf'] }));
  counter.record(pack('2026-03-02T10:00:00Z', { campaign: 'other', officeIds: ['ny', 'la', 'sf'] }));
  // What supporters did next, on the next-steps page.
  const at = new Date('2026-03-05T13:00:00Z');
  counter.record({ type: 'download', campaign: 'kim', at, kind: 'fax' });
  counter.record({ type: 'download', campaign: 'kim', at, kind: 'letter' });
  counter.record({ type: 'tally', campaign: 'kim', at, channel: 'posted', officeId: 'la' });
  counter.record({ type: 'tally', campaign: 'kim', at, channel: 'posted', officeId: 'la' });
  counter.record({ type: 'tally', campaign: 'kim', at, channel: 'faxed', officeId: 'sf' });
  counter.record({ type: 'email', campaign: 'kim', at, outcome: 'failed' });
  // A letter set the guards could not verify, and its page's tally: apart from every other number.
  counter.record(pack('2026-03-05T12:30:00Z', { officeIds: ['ny', 'la', 'sf'], paragraphIds: ['p1'], unverified: true }));
  counter.record({ type: 'tally', campaign: 'kim', at, channel: 'posted', officeId: 'ny', unverified: true });
  counter.record({ type: 'tally', campaign: 'other', at, channel: 'emailed', officeId: 'ny' });
  await counter.close();
  // A metric from a later version (e.g. per channel) must not break or leak into these numbers.
  await incrementCounts(db, [{ campaign: 'kim', day: '2026-03-02', metric: 'channel', key: 'email', by: 4 }]);
});
afterAll(async () => database?.close());

/** The next-steps part of a breakdown where nothing was downloaded, tallied or emailed. */
const nothingNext = {
  packsByKind: { letter: 0, fax: 0, envelope: 0 },
  channels: { posted: { total: 0, offices: {} }, faxed: { total: 0, offices: {} }, emailed: { total: 0, offices: {} } },
  emails: { sent: 0, failed: 0 },
  printed: { sheet: 0, event: 0, blank: 0 },
  letterLanguages: {},
  translations: {},
  unverified: { letters: 0, packs: 0, channels: { posted: 0, faxed: 0, emailed: 0 } },
};
const nextOn5March = {
  packsByKind: { letter: 1, fax: 1, envelope: 0 },
  channels: { posted: { total: 2, offices: { la: 2 } }, faxed: { total: 1, offices: { sf: 1 } }, emailed: { total: 0, offices: {} } },
  emails: { sent: 0, failed: 1 },
  printed: { sheet: 0, event: 0, blank: 0 },
  letterLanguages: {},
  translations: {},
  unverified: { letters: 3, packs: 1, channels: { posted: 1, faxed: 0, emailed: 0 } },
};

describe('readCampaignCounts', () => {
  it('returns totals and one entry per UTC day, oldest first', async () => {
    const counts = await readCampaignCounts(db, 'kim');
    expect(counts).toEqual({
      campaign: 'kim',
      totals: {
        letters: 6,
        packs: 4,
        ownWords: 1,
        offices: { ny: 3, la: 2, sf: 1 },
        paragraphs: { p1: 2, p2: 1 },
        paper: { letter: 3, a4: 1 },
        ...nextOn5March,
      },
      days: [
        { day: '2026-03-01', letters: 1, packs: 1, ownWords: 0, offices: { ny: 1 }, paragraphs: {}, paper: { letter: 1 }, ...nothingNext },
        {
          day: '2026-03-02',
          letters: 3,
          packs: 2,
          ownWords: 1,
          offices: { ny: 2, la: 1 },
          paragraphs: { p1: 2, p2: 1 },
          paper: { letter: 1, a4: 1 },
          ...nothingNext,
        },
        { day: '2026-03-05', letters: 2, packs: 1, ownWords: 0, offices: { la: 1, sf: 1 }, paragraphs: {}, paper: { letter: 1 }, ...nextOn5March },
      ],
    });
    expect(JSON.parse(JSON.stringify(counts))).toEqual(counts);
  });

  it('limits to a day range, both ends included', async () => {
    const counts = await readCampaignCounts(db, 'kim', { from: '2026-03-02', to: '2026-03-05' });
    expect(counts.days.map((d) => d.day)).toEqual(['2026-03-02', '2026-03-05']);
    expect(counts.totals.packs).toBe(3);
    expect((await readCampaignCounts(db, 'kim', { to: '2026-03-01' })).totals.packs).toBe(1);
    expect((await readCampaignCounts(db, 'kim', { from: '2026-03-03' })).days.map((d) => d.day)).toEqual(['2026-03-05']);
  });

  it('gives zeros for a campaign with no counts', async () => {
    expect(await readCampaignCounts(db, 'nobody')).toEqual({
      campaign: 'nobody',
      totals: { letters: 0, packs: 0, ownWords: 0, offices: {}, paragraphs: {}, paper: {}, ...nothingNext },
      days: [],
    });
  });

  it('rejects a range bound that is not a day', async () => {
    await expect(readCampaignCounts(db, 'kim', { from: '2026-3-1' })).rejects.toThrow(RangeError);
    await expect(readCampaignCounts(db, 'kim', { to: "2026-03-01' OR 1=1" })).rejects.toThrow(RangeError);
  });
});
