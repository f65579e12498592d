import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app.ts';

/** Behind a reverse proxy that TRUST_PROXY does not name, every supporter would share one client's limits. */
const WARNING = 'TRUST_PROXY is not set';
const viaProxy = { 'x-forwarded-for': '198.51.100.23' };

describe('a proxy in front that is not trusted', () => {
  it('is warned about once in the log, without the addresses it forwards', async () => {
    const t = await buildTestApp();
    try {
      await t.app.inject({ url: '/healthz' });
      expect(t.logs.join('')).not.toContain(WARNING);
      await t.app.inject({ url: '/healthz', headers: viaProxy });
      await t.app.inject({ url: '/healthz', headers: viaProxy });
      const warnings = t.logs.filter((line) => line.includes(WARNING));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0]!).level).toBe(40);
      expect(t.logs.join('')).not.toContain('198.51.100.23');
    } finally {
      await t.close();
    }
  });

  it('is not warned about when TRUST_PROXY names it', async () => {
    const t = await buildTestApp({ trustProxy: '127.0.0.1' });
    try {
      await t.app.inject({ url: '/healthz', headers: viaProxy });
      expect(t.logs.join('')).not.toContain(WARNING);
    } finally {
      await t.close();
    }
  });
});
