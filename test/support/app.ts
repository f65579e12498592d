import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { buildApp, type AppOptions } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createTestDatabase } from './database.ts';
import { REAL_CONTENT_DIR } from './paths.ts';

export interface TestApp {
  app: FastifyInstance;
  /** Every log line the app wrote, as raw JSON text. */
  logs: string[];
  databaseUrl: string;
  close(): Promise<void>;
}

/** The real app on a real database (a temp SQLite file, or PostgreSQL when TEST_DATABASE_URL is set). */
export async function buildTestApp(overrides: Partial<Config> = {}, appOptions: Omit<AppOptions, 'logStream'> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  // The secret made on first start is kept in a folder of the test's own, never in the working directory's data/.
  const secretDir = mkdtempSync(path.join(tmpdir(), 'appeal-secret-'));
  const config: Config = {
    ...loadConfig({}),
    databaseUrl: database.url,
    contentDir: REAL_CONTENT_DIR,
    logLevel: 'info',
    dataDir: secretDir,
    secretFile: path.join(secretDir, 'page-token.secret'),
    ...overrides,
  };
  // Every test request comes from one address: the guards' per-client limits are raised unless a test sets them.
  const app = await buildApp(config, { guards: { verifiedPerHour: 100_000, rateLimitScale: 1000 }, ...appOptions, logStream });
  await app.ready();
  return {
    app,
    logs,
    databaseUrl: database.url,
    async close() {
      await app.close();
      await database.cleanup();
      rmSync(secretDir, { recursive: true, force: true });
    },
  };
}

/** A form body as a browser sends it: application/x-www-form-urlencoded, repeated keys for checkboxes. */
export function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params.toString();
}

export const FORM_HEADERS = {
  'content-type': 'application/x-www-form-urlencoded',
  accept: 'text/html',
  'sec-fetch-site': 'same-origin',
};

/**
 * What a person's browser sends with the letter form besides the letter (server/guards): the stamp of a page drawn
 * ten seconds ago, and the proof of work the page's script solved meanwhile (solved here with ALTCHA's own solver).
 */
export async function personFields(app: FastifyInstance, drawnMsAgo = 10_000): Promise<Record<string, string>> {
  const challenge = await app.guards.proofOfWork.challenge();
  const solution = await solveChallenge({ challenge, deriveKey });
  return {
    formStamp: app.guards.stamps.issue(new Date(Date.now() - drawnMsAgo)),
    altcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'),
  };
}

/** The letter form's own address (not its buttons' on the next-steps page): where a person's browser adds personFields. */
const LETTER_FORM = /^(\/[a-z-]+)?\/c\/[^/]+\/letters(#.*)?$/i;

/**
 * Posts a form to `url` as a person's browser on this site does — the letter form with its stamp and proof of work
 * (which `fields` may replace); `headers` add to or replace the browser's.
 */
export const postForm = async (app: FastifyInstance, url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...FORM_HEADERS, ...headers }, payload: formBody({ ...(LETTER_FORM.test(url) ? await personFields(app) : {}), ...fields }) });

/** The seed campaign's open offices, in its order: what its form starts with ticked (all of them). */
export const SEED_OFFICES = ['embassy-washington', 'consulate-new-york', 'consulate-chicago', 'consulate-san-francisco', 'consulate-los-angeles'];
