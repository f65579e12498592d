import path from 'node:path';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseDatabaseUrl } from './db/url.ts';
import { passwordHashProblem } from './organize/credential.ts';

/** A whole number within bounds, with a message a person can act on whatever is wrong with it. */
const wholeNumber = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
};
const port = wholeNumber(0, 65535);

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)')
    .default('file:./data/appeal-letters.db'),
  DATA_DIR: z.string().min(1).optional(),
  CONTENT_DIR: z.string().min(1).default('templates'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COUNTS_FLUSH_INTERVAL_MS: wholeNumber(50, 60_000).default(1000),
  SHUTDOWN_GRACE_MS: wholeNumber(0, 120_000).default(10_000),
  PDF_WORKERS: wholeNumber(1, 64).default(availableParallelism()),
  COUNTS_TOKEN: z.string().min(32, 'must be at least 32 characters (make one with: openssl rand -hex 32)').optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL, like smtps://user:password@mail.example.org:465' }).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  SMTP_TIMEOUT_MS: wholeNumber(1000, 60_000).default(8000),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL, like redis://127.0.0.1:6379' }).optional(),
  PAGE_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters (make one with: openssl rand -hex 32)').optional(),
  ORGANIZER_PASSWORD_HASH: z
    .string()
    .superRefine((value, ctx) => {
      const problem = passwordHashProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  ORGANIZER_TOKEN: z.string().min(32, 'must be at least 32 characters (make one with: openssl rand -hex 32)').max(1024).optional(),
  TRUST_PROXY: z
    .string()
    .regex(/^[0-9a-fA-F.:/,\s]+$|^(loopback|linklocal|uniquelocal)$/, 'must be the proxy\'s address or range, like 127.0.0.1 or 10.0.0.0/8')
    .optional(),
});

/** The names of every variable the app reads. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

export type Config = {
  port: number;
  host: string;
  databaseUrl: string;
  contentDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  countsFlushIntervalMs: number;
  shutdownGraceMs: number;
  pdfWorkers: number;
  /** Bearer token for the counts API; without one the API is off. */
  countsToken: string | undefined;
  /** Where "Email me my letter" sends from; without it the option is not offered. */
  mail: { smtpUrl: string; from: string; timeoutMs: number } | undefined;
  /** Shared store for "count once" across instances; without it, each process remembers on its own. */
  redisUrl: string | undefined;
  /** Signs the next-steps page's token and the report codes; several instances must share it. */
  pageTokenSecret: string | undefined;
  /** Where the server keeps its own files (DATA_DIR): beside the SQLite file, or data/ under the working directory for PostgreSQL. */
  dataDir: string;
  /** Where the secret made on first start is kept when PAGE_TOKEN_SECRET is unset (in dataDir). */
  secretFile: string;
  /** How organizers sign in to /organize; without it the organizer pages are off. */
  organizer: { passwordHash?: string | undefined; token?: string | undefined } | undefined;
  /** Addresses of a reverse proxy whose X-Forwarded-For/-Proto are believed (Fastify's trustProxy). */
  trustProxy: string | undefined;
};

/** Beside the embedded database's file, where the data are kept; for PostgreSQL, data/ under the working directory. */
function dataDirFor(databaseUrl: string): string {
  const target = databaseUrl.startsWith('file:') ? parseDatabaseUrl(databaseUrl) : undefined;
  return target?.provider === 'sqlite' ? path.dirname(target.filename) : path.resolve('data');
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once at boot; a wrong value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (PORT= in a .env file) means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `${name}: ${issue.message} (got ${JSON.stringify(env[name])})`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.SMTP_URL && !e.MAIL_FROM) problems.push('MAIL_FROM: must be set when SMTP_URL is, like "Appeal Letters <letters@example.org>"');
  if (e.MAIL_FROM && !e.SMTP_URL) problems.push('SMTP_URL: must be set when MAIL_FROM is');
  if (e.REDIS_URL && !e.PAGE_TOKEN_SECRET) {
    problems.push('PAGE_TOKEN_SECRET: must be set when REDIS_URL is, with the same value on every instance (make one with: openssl rand -hex 32)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const dataDir = path.resolve(e.DATA_DIR ?? dataDirFor(e.DATABASE_URL));
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    contentDir: e.CONTENT_DIR,
    logLevel: e.LOG_LEVEL,
    countsFlushIntervalMs: e.COUNTS_FLUSH_INTERVAL_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    pdfWorkers: e.PDF_WORKERS,
    countsToken: e.COUNTS_TOKEN,
    mail: e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, timeoutMs: e.SMTP_TIMEOUT_MS } : undefined,
    redisUrl: e.REDIS_URL,
    pageTokenSecret: e.PAGE_TOKEN_SECRET,
    dataDir,
    secretFile: path.join(dataDir, 'page-token.secret'),
    organizer:
      e.ORGANIZER_PASSWORD_HASH || e.ORGANIZER_TOKEN ? { passwordHash: e.ORGANIZER_PASSWORD_HASH, token: e.ORGANIZER_TOKEN } : undefined,
    trustProxy: e.TRUST_PROXY,
  };
}
