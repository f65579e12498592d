import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
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
    secretFile: path.join(secretDir, 'page-token.secret'),
    ...overrides,
  };
  const app = await buildApp(config, { ...appOptions, logStream });
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

/** Posts a form to `url` as a browser on this site does; `headers` add to or replace the browser's. */
export const postForm = (app: FastifyInstance, url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...FORM_HEADERS, ...headers }, payload: formBody(fields) });

/** The seed campaign's open offices, in its order: what its form starts with ticked (all of them). */
export const SEED_OFFICES = ['embassy-washington', 'consulate-new-york', 'consulate-chicago', 'consulate-san-francisco', 'consulate-los-angeles'];
