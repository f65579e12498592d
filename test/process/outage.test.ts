import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleServer } from '../../server/shared/bundle.ts';
import { MIN_FORM_MS } from '../../server/guards/verdict.ts';
import { formBody, SEED_OFFICES } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServerProcess } from '../support/server-process.ts';

/**
 * The database stops while the server (as `npm start` runs it) holds counts in memory; the server is stopped with
 * SIGTERM during the outage, the database comes back, the server starts again: every letter made is counted once.
 * SQLite's outage is its file gone from its path; PostgreSQL's (with TEST_DATABASE_URL) is the server unreachable,
 * through a TCP relay this test closes.
 */
const TOKEN = 'outage-test-counts-token-0123456789abcdef';
let dir: string;
let serverModule: string;
let database: TestDatabase;
let outage: { begin(): Promise<void>; end(): Promise<void>; databaseUrl: string };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'appeal-letters-outage-'));
  serverModule = fileURLToPath(await bundleServer());
  if (process.env.TEST_DATABASE_URL) {
    database = await createTestDatabase();
    outage = await postgresRelay(database.url);
  } else {
    const file = path.join(dir, 'data', 'counts.db');
    outage = {
      databaseUrl: `file:${file}`,
      begin: async () => renameSync(file, `${file}.away`),
      end: async () => renameSync(`${file}.away`, file),
    };
  }
}, 60_000);

afterAll(async () => {
  await outage?.end().catch(() => undefined);
  await database?.cleanup();
  if (dir && !process.env.KEEP_PROCESS_DIR) rmSync(dir, { recursive: true, force: true });
});

interface Running {
  process: ChildProcess;
  baseUrl: string;
  log: () => string;
}

async function startServer(name: string): Promise<Running> {
  const logFile = path.join(dir, `${name}.log`);
  const { child, baseUrl } = await startServerProcess(
    serverModule,
    {
      DATABASE_URL: outage.databaseUrl,
      // The journal and the kept secret live here whichever database is used.
      DATA_DIR: path.join(dir, 'data'),
      COUNTS_FLUSH_INTERVAL_MS: '200',
      COUNTS_TOKEN: TOKEN,
      LOG_LEVEL: 'info',
    },
    logFile,
  );
  return { process: child, baseUrl, log: () => readFileSync(logFile, 'utf8') };
}

const stop = (server: Running) =>
  new Promise<number | null>((resolve) => {
    server.process.once('exit', (code) => resolve(code));
    server.process.kill('SIGTERM');
  });

/** A letter set as a person without JavaScript sends it (counted as unverified: no proof of work). */
async function sendLetter(server: Running, slug: string) {
  const page = await (await fetch(`${server.baseUrl}/c/${slug}`)).text();
  const formStamp = /name="formStamp" value="([^"]+)"/.exec(page)![1]!;
  await new Promise((resolve) => setTimeout(resolve, MIN_FORM_MS + 100));
  const response = await fetch(`${server.baseUrl}/c/${slug}/letters`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: formBody({ formStamp, name: 'Writes During An Outage', offices: SEED_OFFICES }),
  });
  expect(response.status).toBe(200);
  await response.text();
}

const allPacks = async (server: Running, slug: string) => {
  const response = await fetch(`${server.baseUrl}/api/campaigns/${slug}/counts`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  const { totals } = await response.json();
  return totals.packs + totals.unverified.packs;
};

const journals = () => readdirSync(path.join(dir, 'data')).filter((name) => name.startsWith('pending-counts-'));

describe('a database outage across a restart', () => {
  it('keeps the counts made during the outage through SIGTERM, and counts them once after the next start', async () => {
    const first = await startServer('first');
    const slug = (await fetch(first.baseUrl, { redirect: 'manual' })).headers.get('location')!.replace('/c/', '');
    await sendLetter(first, slug);
    expect(await allPacks(first, slug)).toBe(1);

    await outage.begin();
    await sendLetter(first, slug);
    await sendLetter(first, slug);
    expect((await fetch(`${first.baseUrl}/ready`)).status).toBe(503);
    expect(await stop(first)).toBe(0);
    expect(first.log()).toContain('kept in a file and written at the next start');
    expect(journals()).toHaveLength(1);

    await outage.end();
    const second = await startServer('second');
    await expect.poll(() => journals(), { timeout: 10_000, interval: 100 }).toEqual([]);
    expect(await allPacks(second, slug)).toBe(3);
    expect(second.log()).toContain('counts kept before the last stop written');
    expect((await fetch(`${second.baseUrl}/ready`)).status).toBe(200);
    expect(await stop(second)).toBe(0);

    // Once: a third start finds no journal and the same numbers.
    const third = await startServer('third');
    expect(await allPacks(third, slug)).toBe(3);
    expect(await stop(third)).toBe(0);
  }, 90_000);
});

/** PostgreSQL reached through a relay on another port: closing it is the database stopping, for this server only. */
async function postgresRelay(url: string) {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  let relay: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      relay = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      relay.listen(port, '127.0.0.1', () => {
        port = (relay!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const relayed = new URL(url);
  relayed.hostname = '127.0.0.1';
  relayed.port = String(port);
  return {
    databaseUrl: relayed.toString(),
    begin: async () => {
      const closed = new Promise((resolve) => relay!.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    end: async () => {
      if (!relay?.listening) await listen();
    },
  };
}
