import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createClientKeys } from '../../server/guards/client-keys.ts';
import { createFormStamps } from '../../server/guards/form-stamp.ts';
import { createVerifiedQuota } from '../../server/guards/quota.ts';
import { judge, MAX_FORM_AGE_MS, MIN_FORM_MS, type Signals } from '../../server/guards/verdict.ts';

const person: Signals = {
  honeypot: '',
  stamp: { kind: 'read', ageMs: 60_000 },
  proof: { kind: 'solved', challengeId: 'c' },
  proofFirstUse: true,
  withinQuota: () => true,
};

describe('the verdict on a sent letter form', () => {
  it('verifies a person: a stamped page open for a minute, a fresh proof of work, the hidden field empty', () => {
    expect(judge(person)).toEqual({ verdict: 'verified' });
  });

  it('counts nothing of what a script plainly sent: the hidden field filled, no stamp, a forged or reused proof', () => {
    expect(judge({ ...person, honeypot: 'http://spam.example' })).toEqual({ verdict: 'bot', reason: 'honeypot' });
    expect(judge({ ...person, stamp: { kind: 'missing' } })).toEqual({ verdict: 'bot', reason: 'no-stamp' });
    expect(judge({ ...person, stamp: { kind: 'forged' } })).toEqual({ verdict: 'bot', reason: 'no-stamp' });
    expect(judge({ ...person, proof: { kind: 'invalid' } })).toEqual({ verdict: 'bot', reason: 'forged-proof' });
    expect(judge({ ...person, proofFirstUse: false })).toEqual({ verdict: 'bot', reason: 'reused-proof' });
  });

  it('counts apart what a person may have sent but did not prove: no JavaScript, an old page, too fast, over the quota', () => {
    expect(judge({ ...person, proof: { kind: 'missing' } })).toEqual({ verdict: 'unverified', reason: 'no-proof' });
    expect(judge({ ...person, stamp: { kind: 'read', ageMs: MAX_FORM_AGE_MS + 1 } })).toEqual({ verdict: 'unverified', reason: 'old-form' });
    expect(judge({ ...person, stamp: { kind: 'read', ageMs: MIN_FORM_MS - 1 } })).toEqual({ verdict: 'unverified', reason: 'too-fast' });
    expect(judge({ ...person, withinQuota: () => false })).toEqual({ verdict: 'unverified', reason: 'over-quota' });
  });

  it('does not take from the quota for a form it refuses on other grounds', () => {
    let taken = 0;
    judge({ ...person, proof: { kind: 'missing' }, withinQuota: () => ++taken > 0 });
    judge({ ...person, honeypot: 'x', withinQuota: () => ++taken > 0 });
    expect(taken).toBe(0);
  });
});

describe('form stamps', () => {
  const stamps = createFormStamps(randomBytes(32));

  it('read back the age of a stamp this server made, and nothing else', () => {
    const drawn = new Date('2026-12-02T10:00:00Z');
    const stamp = stamps.issue(drawn);
    expect(stamps.read(stamp, new Date('2026-12-02T10:00:05Z'))).toEqual({ kind: 'read', ageMs: 5000 });
    expect(stamps.read('', drawn)).toEqual({ kind: 'missing' });
    expect(stamps.read(undefined, drawn)).toEqual({ kind: 'missing' });
    // Backdated by hand, or signed by another server: forged.
    expect(stamps.read(stamp.replace(/^\d{5}/, '17000'), drawn)).toEqual({ kind: 'forged' });
    expect(stamps.read(createFormStamps(randomBytes(32)).issue(drawn), drawn)).toEqual({ kind: 'forged' });
    expect(stamps.read(stamps.issue(new Date('2026-12-02T11:00:00Z')), drawn)).toEqual({ kind: 'forged' });
  });
});

describe('client keys and the verified quota', () => {
  it('key an address by a hash under a key of the day: the same address the same day alike, another day not', async () => {
    const keys = createClientKeys();
    const monday = new Date('2026-12-07T09:00:00Z');
    const key = await keys.keyOf('203.0.113.5', monday);
    expect(key).not.toContain('203.0.113');
    expect(await keys.keyOf('203.0.113.5', new Date('2026-12-07T23:59:00Z'))).toBe(key);
    expect(await keys.keyOf('203.0.113.6', monday)).not.toBe(key);
    expect(await keys.keyOf('203.0.113.5', new Date('2026-12-08T00:00:01Z'))).not.toBe(key);
    // Another process (a restart) keys the same address differently: nothing links one day's counts to a person.
    expect(await createClientKeys().keyOf('203.0.113.5', monday)).not.toBe(key);
  });

  it('lets a client have so many verified letter sets an hour, then none until the hour is over', () => {
    const quota = createVerifiedQuota({ perHour: 3 });
    const start = Date.parse('2026-12-07T09:00:00Z');
    expect([1, 2, 3, 4].map((i) => quota.take('a', start + i))).toEqual([true, true, true, false]);
    expect(quota.take('b', start + 5)).toBe(true);
    expect(quota.take('a', start + 1 + 60 * 60 * 1000)).toBe(true);
  });
});
