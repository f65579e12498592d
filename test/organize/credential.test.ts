import { describe, expect, it } from 'vitest';
import {
  createCredentialCheck,
  hashPassword,
  parsePasswordHash,
  passwordHashProblem,
  sessionKeyFor,
  STRONG_SCRYPT,
} from '../../server/organize/credential.ts';
import { loadConfig, ConfigError } from '../../server/config.ts';

const CHEAP = { logN: 14, r: 8, p: 1 };

describe('organizer credential', () => {
  it('accepts the password its hash was made from, and nothing else', async () => {
    const check = createCredentialCheck({ passwordHash: await hashPassword('a long organizer password', CHEAP) });
    expect(await check('a long organizer password')).toBe(true);
    expect(await check('a long organizer passwore')).toBe(false);
    expect(await check('')).toBe(false);
    expect(await check('x'.repeat(5000))).toBe(false);
  });

  it('makes a different hash each time (random salt), and the command makes strong ones', async () => {
    const [a, b] = await Promise.all([hashPassword('same', CHEAP), hashPassword('same', CHEAP)]);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(await hashPassword('same')).logN).toBe(STRONG_SCRYPT.logN);
  });

  it('accepts the token, compared whatever its length', async () => {
    const token = 'k'.repeat(40);
    const check = createCredentialCheck({ token });
    expect(await check(token)).toBe(true);
    expect(await check('k')).toBe(false);
    expect(await check(`${token}k`)).toBe(false);
  });

  it('accepts either when both are configured', async () => {
    const check = createCredentialCheck({ passwordHash: await hashPassword('the password', CHEAP), token: 't'.repeat(32) });
    expect(await check('the password')).toBe(true);
    expect(await check('t'.repeat(32))).toBe(true);
    expect(await check('neither')).toBe(false);
  });

  it('checks many guesses at once without failing any', async () => {
    const check = createCredentialCheck({ passwordHash: await hashPassword('right one', CHEAP) });
    const answers = await Promise.all(['a', 'right one', 'b', 'c', 'right one'].map(check));
    expect(answers).toEqual([false, true, false, false, true]);
  });

  it('refuses a malformed or weak hash at boot, naming the variable and the fix', () => {
    expect(passwordHashProblem('scrypt:10:8:1:AAAAAAAAAAAAAAAAAAAAAA:' + 'A'.repeat(43))).toMatch(/out of range/);
    expect(() => loadConfig({ ORGANIZER_PASSWORD_HASH: 'hunter2' })).toThrow(ConfigError);
    expect(() => loadConfig({ ORGANIZER_PASSWORD_HASH: 'hunter2' })).toThrow(/ORGANIZER_PASSWORD_HASH: must look like scrypt.*npm run organizer-password/);
    expect(() => loadConfig({ ORGANIZER_TOKEN: 'short' })).toThrow(/ORGANIZER_TOKEN: must be at least 32 characters/);
  });

  it('signs sessions with a key that changes when the credential does, and that the credential alone does not give', () => {
    const secret = Buffer.alloc(32, 7);
    expect(sessionKeyFor({ token: 'a'.repeat(32) }, secret)).toEqual(sessionKeyFor({ token: 'a'.repeat(32) }, secret));
    expect(sessionKeyFor({ token: 'a'.repeat(32) }, secret)).not.toEqual(sessionKeyFor({ token: 'b'.repeat(32) }, secret));
    expect(sessionKeyFor({ token: 'a'.repeat(32) }, secret)).not.toEqual(sessionKeyFor({ token: 'a'.repeat(32) }, Buffer.alloc(32, 8)));
  });
});
