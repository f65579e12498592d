import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A secret made on first start and kept in a file only its owner can read (mode 600), beside the embedded database,
 * so that a restart keeps open next-steps pages and printed report codes working. Created atomically: of two
 * processes starting at once, one writes it and both read the same.
 */
export function keptSecret(file: string): { secret: string; created: boolean } {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let created = false;
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable secret (fewer than 32 characters): delete it, and a new one is made at the next start`);
  // A file copied in with looser permissions is tightened: the secret signs every page and code.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return { secret, created };
}
