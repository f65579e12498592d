/**
 * Without PAGE_TOKEN_SECRET the server makes a secret on first start and keeps it (mode 600), so that a restart
 * expires no open next-steps page and no printed report code; a configured secret still wins.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app.ts';
import { composeLetters, pressButton } from '../support/next-steps.ts';

const slug = 'stop-forced-return';
const dir = mkdtempSync(path.join(tmpdir(), 'appeal-kept-secret-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const supporter = { name: 'Ada Restart', offices: ['embassy-washington'] };

describe('the secret for page tokens and report codes', () => {
  it('is made on first start, kept with mode 600, and read again after a restart: open pages keep working', async () => {
    const secretFile = path.join(dir, 'first', 'page-token.secret');
    const before = await buildTestApp({ secretFile });
    const { page } = await composeLetters(before.app, slug, supporter);
    const campaign = before.app.catalog.getCampaign(slug)!;
    const offices = before.app.catalog.officesOf(campaign);
    const { code } = before.app.reportCodes.issue(slug, 'AAAAAAAA', offices.slice(0, 1), offices, new Date());
    expect(before.logs.join('')).toContain('made a secret for page tokens and report codes');
    expect(before.logs.join('')).not.toContain(readFileSync(secretFile, 'utf8').trim());
    await before.close();

    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);

    const after = await buildTestApp({ secretFile });
    try {
      expect((await pressButton(after.app, `/c/${slug}/letters/pdf`, page, { kind: 'letter' })).statusCode).toBe(200);
      expect((await after.app.inject({ method: 'GET', url: `/c/${slug}/report/${code}` })).statusCode).toBe(200);
      expect(after.logs.join('')).not.toContain('made a secret');
    } finally {
      await after.close();
    }
  });

  it('gives way to PAGE_TOKEN_SECRET, which is then the only key', async () => {
    const secretFile = path.join(dir, 'configured', 'page-token.secret');
    const configured = await buildTestApp({ secretFile, pageTokenSecret: 'c'.repeat(40) });
    const { page } = await composeLetters(configured.app, slug, supporter);
    await configured.close();
    expect(() => statSync(secretFile)).toThrow();
    // An app with the kept secret instead does not accept the configured one's pages.
    const kept = await buildTestApp({ secretFile });
    try {
      expect((await pressButton(kept.app, `/c/${slug}/letters/pdf`, page, { kind: 'letter' })).statusCode).toBe(400);
    } finally {
      await kept.close();
    }
  });

  it('tightens a kept file readable by others, and refuses one that holds no secret', async () => {
    const secretFile = path.join(dir, 'loose', 'page-token.secret');
    const first = await buildTestApp({ secretFile });
    await first.close();
    const { chmodSync } = await import('node:fs');
    chmodSync(secretFile, 0o644);
    const second = await buildTestApp({ secretFile });
    await second.close();
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    writeFileSync(secretFile, 'short\n');
    await expect(buildTestApp({ secretFile })).rejects.toThrow(/holds no usable secret/);
  });
});
