import { describe, expect, it } from 'vitest';
import { isOpen, officeFileSchema, officeSchema } from '../../server/content/office.ts';
import { US_STATE_CODES_50, US_STATES, usStateName } from '../../server/content/us-states.ts';

const office = {
  id: 'embassy-test',
  name: 'Test Embassy',
  city: 'Testville',
  kind: 'embassy',
  country: 'GB',
  addressLines: ['Test Embassy', '1 Example Street', 'Testville'],
  confidence: { address: 'high' },
  status: { state: 'open' },
  source: 'test data',
  lastChecked: '2026-11-01',
};

describe('officeSchema', () => {
  it('accepts a minimal office and fills in an empty district', () => {
    const parsed = officeSchema.parse(office);
    expect(parsed.regions).toEqual([]);
    expect(isOpen(parsed)).toBe(true);
  });

  it('knows a closed office is closed, and requires the date it closed', () => {
    expect(isOpen(officeSchema.parse({ ...office, status: { state: 'closed', closedOn: '2020-07-24' } }))).toBe(false);
    expect(officeSchema.safeParse({ ...office, status: { state: 'closed' } }).success).toBe(false);
    expect(officeSchema.safeParse({ ...office, status: { state: 'moved' } }).success).toBe(false);
  });

  it('refuses what the content must never hold', () => {
    const fails = (change: object) => officeSchema.safeParse({ ...office, ...change }).success === false;
    expect(fails({ email: '[email protected]' })).toBe(true); // the seed's redacted addresses
    expect(fails({ source: '' })).toBe(true);
    expect(fails({ lastChecked: 'November 2026' })).toBe(true);
    expect(fails({ regions: ['Texas'] })).toBe(true);
    expect(fails({ regions: ['US-TX'] })).toBe(true); // a region of another country
    expect(fails({ confidence: undefined })).toBe(true);
    expect(fails({ fax: '+44 20 7946 0000' })).toBe(true); // a number without its confidence
    expect(fails({ confidence: { address: 'low' } })).toBe(true); // offered from a low-confidence source
    expect(fails({ id: 'Embassy Test' })).toBe(true);
    expect(fails({ phon: '+44' })).toBe(true); // misspelt fields are not silently dropped
    expect(fails({ addressLines: ['Test Embassy'] })).toBe(true);
    // Unverified: recorded with what is missing, whatever its address; never without saying what is missing.
    expect(fails({ addressLines: [], confidence: { address: 'low' }, status: { state: 'unverified', missing: 'the whole address' } })).toBe(false);
    expect(fails({ status: { state: 'unverified' } })).toBe(true);
  });

  it('wants an office file to be a non-empty array', () => {
    expect(officeFileSchema.safeParse([]).success).toBe(false);
    expect(officeFileSchema.safeParse(office).success).toBe(false);
  });
});

describe('US state names', () => {
  it('names the 50 states, DC and the inhabited territories', () => {
    expect(US_STATE_CODES_50).toHaveLength(50);
    expect(Object.keys(US_STATES)).toHaveLength(56);
    expect(usStateName('DC')).toBe('District of Columbia');
    expect(usStateName('MP')).toBe('Northern Mariana Islands');
    expect(usStateName('XX')).toBeUndefined();
    expect(usStateName('toString')).toBeUndefined();
  });
});
