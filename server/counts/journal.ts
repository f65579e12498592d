// Counts the server could not write before it stopped (the database was down), kept in small files in the data
// directory and written at the next start. A file holds a random id and anonymous increments (campaign, day, metric,
// key, by): nothing about a person. The id is claimed in the same transaction that adds the counts (db/daily-counts),
// so a file written to the database but not yet deleted when the process stopped is never counted twice.
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CountIncrement } from '../db/daily-counts.ts';

const PREFIX = 'pending-counts-';
const SUFFIX = '.json';

export interface Journal {
  file: string;
  /** Claimed as `journal:<id>` when its counts are written. */
  id: string;
  rows: CountIncrement[];
}

const journalSchema = z.object({
  id: z.uuid(),
  rows: z.array(
    z.object({
      campaign: z.string().min(1),
      day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      metric: z.string().min(1),
      key: z.string(),
      by: z.number().int().positive(),
    }),
  ),
});

/** Writes the rows to a new file in `dir` (mode 600), whole or not at all: a crash mid-way leaves only a .tmp file. */
export function keepInJournal(dir: string, rows: readonly CountIncrement[]): Journal {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const id = randomUUID();
  const file = path.join(dir, `${PREFIX}${id}${SUFFIX}`);
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify({ id, written: new Date().toISOString(), rows })}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  return { file, id, rows: [...rows] };
}

/** The journal files waiting in `dir`, oldest name first (none when the directory does not exist). */
export function findJournals(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX))
      .sort()
      .map((name) => path.join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export class JournalUnreadableError extends Error {
  constructor(readonly file: string, options: { cause: unknown }) {
    super(`${file} is not a journal of counts this version can read`, options);
    this.name = 'JournalUnreadableError';
  }
}

export function readJournal(file: string): Journal {
  try {
    const { id, rows } = journalSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    return { file, id, rows };
  } catch (cause) {
    throw new JournalUnreadableError(file, { cause });
  }
}

/** Done with: its counts are in the database. */
export function removeJournal(file: string): void {
  rmSync(file, { force: true });
}

/** An unreadable file is renamed, never deleted, so a person can look at it; it is not read again. */
export function setJournalAside(file: string): string {
  const aside = `${file}.unreadable`;
  renameSync(file, aside);
  return aside;
}
