import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { bundleServer } from '../../server/shared/bundle.ts';
import { MIN_FORM_MS } from '../../server/guards/verdict.ts';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { formBody, SEED_OFFICES } from '../support/app.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { carriedFields } from '../support/next-steps.ts';
import { Browser } from '../support/organize.ts';
import { fetchBrowser, signInOverHttp, startServerProcess } from '../support/server-process.ts';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer.ts';

/**
 * The server as `npm start` runs it, in its own process, on a SQLite file in a temp folder.
 * Proves the privacy promise on real files: unique values typed into forms are nowhere on disk afterwards,
 * including an email address given to "Email me my letter" (sent through a real SMTP peer in this process),
 * and that a graceful shutdown writes the counts still held in memory.
 */
const marker = randomUUID().replace(/-/g, '').slice(0, 16);
const planted = {
  name: `Name${marker}`,
  street: `Street${marker}`,
  words: `Words${marker}`,
  agent: `Agent${marker}`,
  ip: '203.0.113.77',
  email: `mail${marker}@example.org`,
};

let dir: string;
/** What `npm start` runs: the server compiled into one module (server/bundle-cli.ts). */
let serverModule: string;
let server: ChildProcess;
let baseUrl: string;
let slug: string;
let exitCode: number | null;
let smtp: SmtpPeer;
const startedAt = Date.now();
const TOKEN = 'process-test-counts-token-0123456789';
const ORGANIZER_TOKEN = 'process-test-organizer-token-0123456789';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'appeal-letters-process-'));
  smtp = await startSmtpPeer();
  serverModule = fileURLToPath(await bundleServer());
  const started = await startServerProcess(
    serverModule,
    {
      DATABASE_URL: `file:${path.join(dir, 'data', 'counts.db')}`,
      // Counts stay in memory until shutdown, so the test sees whether SIGTERM writes them.
      COUNTS_FLUSH_INTERVAL_MS: '60000',
      COUNTS_TOKEN: TOKEN,
      ORGANIZER_TOKEN: ORGANIZER_TOKEN,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Appeal Letters <letters@appeal.example>',
      LOG_LEVEL: 'trace',
    },
    path.join(dir, 'server.log'),
  );
  server = started.child;
  baseUrl = started.baseUrl;
  const home = await fetch(baseUrl, { redirect: 'manual' });
  slug = home.headers.get('location')!.replace('/c/', '');
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  await smtp?.close();
  if (dir && !process.env.KEEP_PROCESS_DIR) rmSync(dir, { recursive: true, force: true });
});

/**
 * What the campaign page's browser adds to the letter form (server/guards): the page's own stamp, once the page has
 * been open for the few seconds a person takes, and a solved proof of work for the server's challenge.
 */
let pageStamp: string | undefined;
async function personFields(): Promise<Record<string, string>> {
  pageStamp ??= /name="formStamp" value="([^"]+)"/.exec(await (await fetch(`${baseUrl}/c/${slug}`)).text())![1]!;
  const openFor = Date.now() - Number(pageStamp.split('.')[0]);
  if (openFor < MIN_FORM_MS + 100) await new Promise((resolve) => setTimeout(resolve, MIN_FORM_MS + 100 - openFor));
  const challenge = await (await fetch(`${baseUrl}/c/${slug}/challenge`)).json();
  const solution = await solveChallenge({ challenge, deriveKey });
  return { formStamp: pageStamp, altcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64') };
}

const post = async (fields: Record<string, string | string[]>, action = '') =>
  fetch(`${baseUrl}/c/${slug}/letters${action}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      'user-agent': planted.agent,
      'x-forwarded-for': planted.ip,
      'x-real-ip': planted.ip,
    },
    body: formBody({ ...(action === '' ? await personFields() : {}), ...fields }),
  });

function expectNoPlantedValues(files: string[]) {
  for (const file of files) {
    const content = readFileSync(file);
    for (const value of Object.values(planted)) {
      expect(content.includes(Buffer.from(value, 'utf8')), `${value} found in ${file}`).toBe(false);
      expect(content.includes(Buffer.from(value, 'utf16le')), `${value} (UTF-16) found in ${file}`).toBe(false);
    }
  }
}

const packsInDatabase = () => {
  const db = new Database(path.join(dir, 'data', 'counts.db'), { readonly: true });
  try {
    return (db.prepare("SELECT SUM(count) AS n FROM daily_counts WHERE metric = 'packs' AND campaign = ?").get(slug) as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('the server process', () => {
  it('makes letters and keeps no typed value, IP address or user agent in the database, its WAL or the logs', async () => {
    for (let i = 0; i < 3; i++) {
      const composed = await post({
        name: planted.name,
        address: `${planted.street}\nSpringfield`,
        ownWords: `I write because ${planted.words}.`,
        offices: SEED_OFFICES,
      });
      expect(composed.status).toBe(200);
      // Every button of the next-steps page: downloads, tallies and "Email me my letter".
      const page = carriedFields(await composed.text());
      for (const kind of ['letter', 'fax', 'envelope']) {
        const pdf = await post({ ...page, kind }, '/pdf');
        expect(pdf.status).toBe(200);
        expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
      }
      expect((await post({ ...page, tally: 'posted:embassy-washington' }, '/tally')).status).toBe(200);
      const emailed = await post({ ...page, email: planted.email }, '/email');
      expect(await emailed.text()).toContain('Sent.');
    }
    expect(smtp.messages.map((m) => m.rcptTo)).toEqual([[planted.email], [planted.email], [planted.email]]);
    // A rejected form must not leave its contents anywhere either.
    const rejected = await post({ name: planted.name, address: 'x'.repeat(200) + planted.street, ownWords: planted.words });
    expect(rejected.status).toBe(400);

    // Reading the counts writes them first: the rows are now in the write-ahead log of the running database.
    const counts = await fetch(`${baseUrl}/api/campaigns/${slug}/counts`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const { totals } = await counts.json();
    expect(totals.packs).toBe(3);
    expect(totals.packsByKind).toEqual({ letter: 3, fax: 3, envelope: 3 });
    expect(totals.channels.posted.total).toBe(3);
    expect(totals.emails.sent).toBe(3);
    const files = listFiles(dir);
    expect(files.some((f) => f.endsWith('counts.db-wal'))).toBe(true);
    expect(files.some((f) => f.endsWith('server.log'))).toBe(true);
    expectNoPlantedValues(files);
  });

  it('prints a sign-up sheet in the print room, and keeps none of its names, addresses or words', async () => {
    const browse = fetchBrowser(baseUrl, { 'user-agent': planted.agent, 'x-forwarded-for': planted.ip });
    const csrfOf = Browser.csrfOf;
    const signedIn = await signInOverHttp(browse, ORGANIZER_TOKEN);
    expect(signedIn.status).toBe(303);

    const printPage = await (await browse(`/organize/c/${slug}/print`)).text();
    const sheet = (rows: string) => {
      const form = new FormData();
      form.set('_csrf', csrfOf(printPage));
      form.set('sheet', new Blob([rows], { type: 'text/csv' }), 'sheet.csv');
      for (const office of ['embassy-washington', 'consulate-chicago']) form.append('offices', office);
      form.set('paperSize', 'letter');
      form.set('addressLabels', 'letter');
      return browse(`/organize/c/${slug}/print/sheet`, { method: 'POST', body: form });
    };
    // A sheet with a problem comes back with its rows (planted values included) on the page, and nothing kept.
    const problem = await sheet(`name,address,own words\n${planted.name},${planted.street},${planted.words}\n,nameless,\n`);
    expect(problem.status).toBe(400);
    expect(await problem.text()).toContain(planted.street);

    const printed = await sheet(`name,address,own words\n${planted.name},"${planted.street} / Springfield",${planted.words}\nSecond Signer,,\n`);
    expect(printed.status).toBe(200);
    expect(Buffer.from(await printed.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    let totals: { letters: number; printed: { sheet: number } } = { letters: 0, printed: { sheet: 0 } };
    for (let i = 0; i < 50 && totals.printed.sheet < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      totals = (await (await fetch(`${baseUrl}/api/campaigns/${slug}/counts`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()).totals;
    }
    expect(totals.printed.sheet).toBe(4);
    expectNoPlantedValues(listFiles(dir));
  });

  it('shuts down gracefully on SIGTERM, writing the counts it still held', async () => {
    const response = await post({ name: planted.name, address: planted.street, ownWords: planted.words, offices: SEED_OFFICES });
    expect(response.status).toBe(200);
    await response.text();

    exitCode = await new Promise<number | null>((resolve) => {
      server.once('exit', (code) => resolve(code));
      server.kill('SIGTERM');
    });
    expect(exitCode).toBe(0);
    // 3 letter sets from the first test, 2 signers from the print room, and this one.
    expect(packsInDatabase()).toBe(6);
  });

  it('left no typed value in any file once stopped, and logged no client address', () => {
    expect(exitCode).toBe(0);
    const files = listFiles(dir);
    expect(files.some((f) => f.endsWith('counts.db'))).toBe(true);
    expectNoPlantedValues(files);
    const log = readFileSync(path.join(dir, 'server.log'), 'utf8');
    expect(log).toContain('request completed'); // the log is real and was written at trace level
    // The client connected from 127.0.0.1: only the server's own "listening at" line may name that address.
    const requestLines = log.split('\n').filter((line) => !line.includes('Server listening at'));
    expect(requestLines.join('\n')).not.toMatch(/remoteAddress|remotePort|user-agent|"hostname"|127\.0\.0\.1/);
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
      for (const value of [planted.name, planted.street, planted.words, planted.email]) {
        expect(content.includes(Buffer.from(value, 'utf8')), `${value} found in ${file}`).toBe(false);
      }
    }
  });
});

describe('start-up problems', () => {
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, [serverModule], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${path.join(dir, 'startup', 'x.db')}`, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('a wrong setting stops the server with a message naming the variable', () => {
    const result = start({ PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT: must be a whole number');
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('a broken campaign file stops the server with a message naming the file and the field', () => {
    const content = path.join(dir, 'broken-content');
    cpSync(path.join(REPO_ROOT, 'templates/offices'), path.join(content, 'offices'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'templates/campaigns'), path.join(content, 'campaigns'), { recursive: true });
    const file = path.join(content, 'campaigns', 'stop-forced-return', 'campaign.json');
    const campaign = JSON.parse(readFileSync(file, 'utf8'));
    campaign.defaultPaperSize = 'legal';
    writeFileSync(file, JSON.stringify(campaign));
    const result = start({ CONTENT_DIR: content });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('campaign.json: defaultPaperSize:');
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
