import { describe, expect, it } from 'vitest';
import { incrementsFor, utcDay } from '../../server/counts/events.ts';

describe('incrementsFor', () => {
  it('counts a pack, its letters per office, paragraphs, own words and paper', () => {
    const rows = incrementsFor({
      campaign: 'kim',
      at: new Date('2026-03-04T10:00:00Z'),
      officeIds: ['ny', 'la', 'sf'],
      paragraphIds: ['p1', 'p2'],
      ownWords: true,
      paperSize: 'a4',
    });
    const row = (metric: string, key: string, by = 1) => ({ campaign: 'kim', day: '2026-03-04', metric, key, by });
    expect(rows).toEqual(
      expect.arrayContaining([
        row('packs', ''),
        row('letters', '', 3),
        row('office', 'ny'),
        row('office', 'la'),
        row('office', 'sf'),
        row('paragraph', 'p1'),
        row('paragraph', 'p2'),
        row('own_words', ''),
        row('paper', 'a4'),
      ]),
    );
    expect(rows).toHaveLength(9);
  });

  it('counts a download by kind, a tally by channel and office, and an email by outcome, each on its own row', () => {
    const at = new Date('2026-03-04T23:59:59Z');
    const row = (metric: string, key: string) => [{ campaign: 'kim', day: '2026-03-04', metric, key, by: 1 }];
    expect(incrementsFor({ type: 'download', campaign: 'kim', at, kind: 'envelope' })).toEqual(row('pack_kind', 'envelope'));
    expect(incrementsFor({ type: 'tally', campaign: 'kim', at, channel: 'faxed', officeId: 'ny' })).toEqual(row('tally', 'faxed:ny'));
    expect(incrementsFor({ type: 'email', campaign: 'kim', at, outcome: 'sent' })).toEqual(row('email', 'sent'));
  });

  it('leaves out what did not happen, and counts a repeated paragraph once', () => {
    const rows = incrementsFor({
      campaign: 'kim',
      at: new Date('2026-03-04T10:00:00Z'),
      officeIds: ['ny'],
      paragraphIds: ['p1', 'p1'],
      ownWords: false,
      paperSize: 'letter',
    });
    expect(rows.map((r) => `${r.metric}:${r.key}:${r.by}`).sort()).toEqual(
      ['letters::1', 'office:ny:1', 'packs::1', 'paper:letter:1', 'paragraph:p1:1'].sort(),
    );
  });
});

describe('utcDay', () => {
  it('buckets by the UTC calendar day, whatever the local offset', () => {
    expect(utcDay(new Date('2026-03-01T23:30:00-05:00'))).toBe('2026-03-02');
    expect(utcDay(new Date('2026-03-02T00:30:00+09:00'))).toBe('2026-03-01');
    expect(utcDay(new Date('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31');
  });
});
