import { availableParallelism } from 'node:os';
import { z } from 'zod';

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
  CONTENT_DIR: z.string().min(1).default('templates'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COUNTS_FLUSH_INTERVAL_MS: wholeNumber(50, 60_000).default(1000),
  SHUTDOWN_GRACE_MS: wholeNumber(0, 120_000).default(10_000),
  PDF_WORKERS: wholeNumber(1, 64).default(availableParallelism()),
  COUNTS_TOKEN: z.string().min(32, 'must be at least 32 characters (make one with: openssl rand -hex 32)').optional(),
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
};

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
  };
}
