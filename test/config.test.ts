import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../server/config.ts';

describe('configuration', () => {
  it('has defaults that serve the seed campaign on SQLite at localhost:3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: 'localhost',
      databaseUrl: 'file:./data/appeal-letters.db',
      contentDir: 'templates',
      logLevel: 'info',
    });
  });

  it('reads the variables it documents', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://app@db:5432/letters',
      LOG_LEVEL: 'warn',
      COUNTS_FLUSH_INTERVAL_MS: '250',
      SHUTDOWN_GRACE_MS: '5000',
    });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', databaseUrl: 'postgresql://app@db:5432/letters', logLevel: 'warn', countsFlushIntervalMs: 250, shutdownGraceMs: 5000 });
  });

  it('turns on "Email me my letter" only with both an SMTP server and a From address', () => {
    expect(loadConfig({}).mail).toBeUndefined();
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465', MAIL_FROM: 'Letters <l@example.org>' }).mail).toEqual({
      smtpUrl: 'smtps://u:p@mail.example.org:465',
      from: 'Letters <l@example.org>',
      timeoutMs: 8000,
    });
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.org' })).toThrow(/MAIL_FROM: must be set when SMTP_URL is/);
    expect(() => loadConfig({ MAIL_FROM: 'l@example.org' })).toThrow(/SMTP_URL: must be set when MAIL_FROM is/);
  });

  it('needs a shared page secret when several instances share Redis', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/PAGE_TOKEN_SECRET: must be set when REDIS_URL is/);
    const secret = 'x'.repeat(64);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', PAGE_TOKEN_SECRET: secret })).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', pageTokenSecret: secret });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'loud'],
    ['COUNTS_FLUSH_INTERVAL_MS', '1'],
    ['COUNTS_TOKEN', 'too-short'],
    ['SMTP_URL', 'https://mail.example.org'],
    ['SMTP_TIMEOUT_MS', '999999'],
    ['REDIS_URL', 'memcached://127.0.0.1'],
    ['PAGE_TOKEN_SECRET', 'short'],
  ])('stops on a wrong %s and names it', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${name}:`);
    expect((error as Error).message).toContain(JSON.stringify(value));
  });

  it('documents every variable in .env.example', async () => {
    const { readFileSync } = await import('node:fs');
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(5);
    for (const name of CONFIG_VARIABLES) {
      expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    }
  });
});
