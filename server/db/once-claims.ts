// Queries on once_claims. A row is (key, expires_at): the key is a hash of a next-steps page's random nonce and an
// action ("posted to office X"), so nothing in it says who, what or where.
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import type { Database } from './client.ts';

/**
 * True when this claims `key` until `expiresAt`: it was never claimed, or its claim had expired. Atomic across
 * processes sharing the database: of two claims at once, one wins (the primary key, then a conditional update).
 */
export async function claimOnce(db: Database, key: string, expiresAt: Date, now: Date): Promise<boolean> {
  try {
    await db.prisma.onceClaim.create({ data: { key, expiresAt } });
    return true;
  } catch (error) {
    if (!(error instanceof PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
  }
  const { count } = await db.prisma.onceClaim.updateMany({ where: { key, expiresAt: { lte: now } }, data: { expiresAt } });
  return count === 1;
}

export async function releaseOnce(db: Database, key: string): Promise<void> {
  await db.prisma.onceClaim.deleteMany({ where: { key } });
}

/** Forgets the claims whose pages can no longer be used; returns how many. */
export async function forgetExpiredClaims(db: Database, now: Date): Promise<number> {
  const { count } = await db.prisma.onceClaim.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
