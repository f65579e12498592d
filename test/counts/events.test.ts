import { describe, expect, it } from 'vitest';
import { incrementsFor } from '../../server/counts/events.ts';

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

  it('counts a sign-up sheet printed by organizers like supporters’ letters, marked as printed', () => {
    const rows = incrementsFor({
      type: 'organizer-letters',
      campaign: 'kim',
      at: new Date('2026-03-04T10:00:00Z'),
      source: 'sheet',
      lettersPerOffice: { ny: 40, la: 40 },
      packs: 40,
      paragraphs: { p1: 12 },
      ownWords: 3,
      paperSize: 'letter',
    });
    const row = (metric: string, key: string, by: number) => ({ campaign: 'kim', day: '2026-03-04', metric, key, by });
    expect(rows).toEqual([
      row('letters', '', 80),
      row('printed', 'sheet', 80),
      row('packs', '', 40),
      row('paper', 'letter', 40),
      row('office', 'ny', 40),
      row('office', 'la', 40),
      row('paragraph', 'p1', 12),
      row('own_words', '', 3),
    ]);
  });

  it('counts event letters reported posted as letters posted to each office; blank letters only as printed', () => {
    const at = new Date('2026-03-04T10:00:00Z');
    const event = incrementsFor({ type: 'organizer-letters', campaign: 'kim', at, source: 'event', lettersPerOffice: { ny: 5, la: 0 }, packs: 5, paragraphs: {}, ownWords: 0, paperSize: 'a4' });
    expect(event).toContainEqual({ campaign: 'kim', day: '2026-03-04', metric: 'tally', key: 'posted:ny', by: 5 });
    expect(event).toContainEqual({ campaign: 'kim', day: '2026-03-04', metric: 'printed', key: 'event', by: 5 });
    expect(event.some((r) => r.key.includes('la'))).toBe(false);
    expect(incrementsFor({ type: 'blank-letters', campaign: 'kim', at, letters: 30 })).toEqual([
      { campaign: 'kim', day: '2026-03-04', metric: 'printed', key: 'blank', by: 30 },
    ]);
    expect(incrementsFor({ type: 'organizer-letters', campaign: 'kim', at, source: 'event', lettersPerOffice: { ny: 0 }, packs: 0, paragraphs: {}, ownWords: 0, paperSize: 'a4' })).toEqual([]);
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
