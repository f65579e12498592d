import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { formBody, REPO_ROOT } from '../helpers/app.ts';

/**
 * The server as `npm start` runs it, in its own process, on a SQLite file in a temp folder.
 * Proves the privacy promise on real files: unique values typed into forms are nowhere on disk afterwards,
 * and that a graceful shutdown writes the counts still held in memory.
 */
const marker = randomUUID().replace(/-/g, '').slice(0, 16);
const planted = {
  name: `Name${marker}`,
  street: `Street${marker}`,
  words: `Words${marker}`,
  agent: `Agent${marker}`,
  ip: '203.0.113.77',
};

let dir: string;
let server: ChildProcess;
let baseUrl: string;
let slug: string;
let exitCode: number | null;
const startedAt = Date.now();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'appeal-letters-process-'));
  const log = createWriteStream(path.join(dir, 'server.log'));
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${path.join(dir, 'data', 'counts.db')}`,
      // Counts stay in memory until shutdown, so the test sees whether SIGTERM writes them.
      COUNTS_FLUSH_INTERVAL_MS: '60000',
      LOG_LEVEL: 'trace',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.pipe(log);
  server.stderr!.pipe(log);
  baseUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) resolve(match[1]!);
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  const home = await fetch(baseUrl, { redirect: 'manual' });
  slug = home.headers.get('location')!.replace('/c/', '');
}, 60_000);

afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const post = (fields: Record<string, string | string[]>) =>
  fetch(`${baseUrl}/c/${slug}/letters`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      'user-agent': planted.agent,
      'x-forwarded-for': planted.ip,
      'x-real-ip': planted.ip,
    },
    body: formBody(fields),
  });

describe('the server process', () => {
  it('makes letters, then shuts down gracefully on SIGTERM writing the counts it held', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await post({
        name: planted.name,
        address: `${planted.street}\nSpringfield`,
        ownWords: `I write because ${planted.words}.`,
        recipients: 'all',
      });
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    }
    // A rejected form must not leave its contents anywhere either.
    const rejected = await post({ name: planted.name, address: 'x'.repeat(200) + planted.street, ownWords: planted.words });
    expect(rejected.status).toBe(400);

    exitCode = await new Promise<number | null>((resolve) => {
      server.once('exit', (code) => resolve(code));
      server.kill('SIGTERM');
    });
    expect(exitCode).toBe(0);

    const db = new Database(path.join(dir, 'data', 'counts.db'), { readonly: true });
    try {
      const packs = db.prepare("SELECT SUM(count) AS n FROM daily_counts WHERE metric = 'packs' AND campaign = ?").get(slug) as { n: number };
      expect(packs.n).toBe(3);
    } finally {
      db.close();
    }
  });

  it('left none of the typed values, the IP address or the user agent in the database, its WAL or the logs', () => {
    expect(exitCode).toBe(0);
    const files = listFiles(dir);
    expect(files.some((f) => f.endsWith('counts.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('server.log'))).toBe(true);
    for (const file of files) {
      const content = readFileSync(file);
      for (const value of Object.values(planted)) {
        expect(content.includes(Buffer.from(value, 'utf8')), `${value} found in ${file}`).toBe(false);
        expect(content.includes(Buffer.from(value, 'utf16le')), `${value} (UTF-16) found in ${file}`).toBe(false);
      }
    }
    const log = readFileSync(path.join(dir, 'server.log'), 'utf8');
    expect(log).toContain('request completed'); // the log is real and was written at trace level
    expect(log).not.toMatch(/remoteAddress|remotePort|user-agent|"hostname"/);
  });

  it('wrote no file anywhere in the temp folder that holds a typed value', () => {
    for (const file of listFiles(os.tmpdir(), startedAt)) {
      let content: Buffer;
      try {
        if (statSync(file).size > 50 * 1024 * 1024) continue;
        content = readFileSync(file);
      } catch {
        continue; // removed while we looked, or not readable
      }
      for (const value of [planted.name, planted.street, planted.words]) {
        expect(content.includes(Buffer.from(value, 'utf8')), `${value} found in ${file}`).toBe(false);
      }
    }
  });
});

function listFiles(root: string, modifiedSince = 0): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = path.join(root, name);
    try {
      const stat = statSync(full);
      if (stat.isDirectory()) return listFiles(full, modifiedSince);
      return stat.isFile() && stat.mtimeMs >= modifiedSince ? [full] : [];
    } catch {
      return [];
    }
  });
}
