import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * The organizers' credential: a password stored as an scrypt hash, or a long random token, from the configuration.
 *
 * A password hash looks like `scrypt:17:8:1:<salt>:<hash>` (log2 N, r, p, then base64url). OWASP's minimum for
 * scrypt is N = 2^17, r = 8, p = 1: 128 MiB and about a third of a second per check, which is why checks run one
 * at a time (see createCredentialCheck) rather than letting a burst of guesses take gigabytes.
 */
export const STRONG_SCRYPT = { logN: 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const HASH_SHAPE = /^scrypt:(\d{1,2}):(\d{1,2}):(\d{1,2}):([A-Za-z0-9_-]{16,}):([A-Za-z0-9_-]{43})$/;

export interface PasswordHash {
  logN: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** Why a configured hash cannot be used, or undefined when it can. */
export function passwordHashProblem(text: string): string | undefined {
  const match = HASH_SHAPE.exec(text);
  if (!match) return 'must look like scrypt:17:8:1:<salt>:<hash> (make one with: npm run organizer-password)';
  const [logN, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (logN < 14 || logN > 20 || r < 8 || r > 32 || p < 1 || p > 4) {
    return 'has scrypt settings out of range (log2 N 14–20, r 8–32, p 1–4); make a new one with: npm run organizer-password';
  }
  return undefined;
}

export function parsePasswordHash(text: string): PasswordHash {
  const problem = passwordHashProblem(text);
  if (problem) throw new RangeError(`ORGANIZER_PASSWORD_HASH ${problem}`);
  const [, logN, r, p, salt, hash] = HASH_SHAPE.exec(text)!;
  return { logN: Number(logN), r: Number(r), p: Number(p), salt: Buffer.from(salt!, 'base64url'), hash: Buffer.from(hash!, 'base64url') };
}

function derive(password: string, salt: Buffer, { logN, r, p }: { logN: number; r: number; p: number }): Promise<Buffer> {
  const N = 2 ** logN;
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** A new hash for ORGANIZER_PASSWORD_HASH. Tests may pass cheaper settings; the command uses STRONG_SCRYPT. */
export async function hashPassword(password: string, settings: { logN: number; r: number; p: number } = STRONG_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, settings);
  return `scrypt:${settings.logN}:${settings.r}:${settings.p}:${salt.toString('base64url')}:${hash.toString('base64url')}`;
}

export async function passwordMatches(stored: PasswordHash, given: string): Promise<boolean> {
  const derived = await derive(given, stored.salt, stored);
  return timingSafeEqual(derived, stored.hash);
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares in constant time: both sides are hashed first, so the comparison takes the same time whatever the
 * length of the guess (timingSafeEqual itself throws on different lengths).
 */
export function tokenMatches(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}

export interface OrganizerCredential {
  passwordHash?: string | undefined;
  token?: string | undefined;
}

/** Longest credential worth checking: hashing megabytes of "password" would be a cheap way to burn CPU. */
export const CREDENTIAL_MAX_LENGTH = 1024;

/**
 * check(given) is true when it is the password or the token. Checks are queued one behind the other, so at most
 * one scrypt (128 MiB) runs at a time however many guesses arrive together.
 */
export function createCredentialCheck(credential: OrganizerCredential) {
  const stored = credential.passwordHash ? parsePasswordHash(credential.passwordHash) : undefined;
  let queue: Promise<unknown> = Promise.resolve();
  return async function check(given: string): Promise<boolean> {
    if (given.length === 0 || given.length > CREDENTIAL_MAX_LENGTH) return false;
    const tokenOk = credential.token !== undefined && tokenMatches(credential.token, given);
    if (!stored) return tokenOk;
    const turn = queue.then(() => passwordMatches(stored, given));
    queue = turn.catch(() => undefined);
    // The password is checked even when the token matched, so both paths take the same time.
    const passwordOk = await turn;
    return tokenOk || passwordOk;
  };
}

/**
 * The key that signs organizer sessions: the server's secret (which no configuration file or credential reveals)
 * keyed with the credential, so every instance with the same secret and configuration accepts the same sessions,
 * nobody holding only the password hash can make one, and changing the password or token signs everyone out.
 */
export function sessionKeyFor(credential: OrganizerCredential, serverSecret: Buffer): Buffer {
  return createHmac('sha256', serverSecret)
    .update('appeal-letters organizer session\0')
    .update(credential.passwordHash ?? '')
    .update('\0')
    .update(credential.token ?? '')
    .digest();
}
