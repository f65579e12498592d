import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../server/content/campaign.ts';
import { connect } from 'node:net';
import { buildTestApp, postForm, type TestApp } from '../support/app.ts';

/** The headers every page goes out with: what the browser may load, and no cookie for supporters. */
let t: TestApp;
let campaign: Campaign;

beforeAll(async () => {
  t = await buildTestApp();
  campaign = t.app.catalog.listCampaigns()[0]!;
});
afterAll(async () => t?.close());

describe('security headers', () => {
  it('allows scripts, styles and fonts from this site only', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/c/${campaign.slug}` });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("font-src 'self'");
    expect(response.headers['set-cookie']).toBeUndefined();
    // Nothing is loaded from elsewhere (links to the sources are fine: they load only when followed).
    expect(response.body).not.toMatch(/src="(https?:)?\/\//);
    expect(response.body).not.toMatch(/<link[^>]*href="(https?:)?\/\//);
  });
});

describe('what no cache may keep', () => {
  it('the form sent back with its messages, and the form redrawn for a picked region, are never stored', async () => {
    const typed = { name: 'Kept Private', address: '1 Private Road', ownWords: 'my own words' };
    const refused = await postForm(t.app, `/c/${campaign.slug}/letters`, { ...typed, offices: [] , paragraphs: 'nonexistent-paragraph' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Kept Private');
    expect(refused.headers['cache-control']).toBe('no-store');
    const redrawn = await postForm(t.app, `/c/${campaign.slug}/letters`, { ...typed, country: 'US', region: 'US-CA', action: 'pick-region' });
    expect(redrawn.body).toContain('Kept Private');
    expect(redrawn.headers['cache-control']).toBe('no-store');
  });
});

describe('framing, features and HTTPS', () => {
  it('no page may be framed, by either header, and no page may ask for the camera, microphone or location', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/c/${campaign.slug}` });
    expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(response.headers['x-frame-options']).toBe('DENY');
    const features = String(response.headers['permissions-policy']);
    for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'browsing-topics=()']) expect(features).toContain(feature);
  });

  it('asks for HTTPS from then on only when the request came over HTTPS through the trusted proxy', async () => {
    const viaProxy = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' };
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).headers['strict-transport-security']).toBeUndefined();
    // Without TRUST_PROXY, anyone can send X-Forwarded-Proto: it is not believed.
    expect((await t.app.inject({ method: 'GET', url: '/healthz', headers: viaProxy })).headers['strict-transport-security']).toBeUndefined();
    const proxied = await buildTestApp({ trustProxy: '127.0.0.1' });
    try {
      const response = await proxied.app.inject({ method: 'GET', url: '/healthz', headers: viaProxy });
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
      const plain = await proxied.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'http' } });
      expect(plain.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });
});

describe("the answers Fastify and Node give themselves", () => {
  const expectSecurityHeaders = (headers: Record<string, unknown>) => {
    expect(String(headers['content-security-policy'])).toContain("default-src 'self'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['permissions-policy']).toBeDefined();
  };

  it('an address that cannot be decoded, or too long a name in it, gets 400 with the same headers', async () => {
    for (const url of ['/%c0', '/c/x%zz', `/c/${'a'.repeat(300)}`]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expectSecurityHeaders(response.headers);
    }
  });

  it('a request whose head is too large gets 431 with the same headers, from the listening server', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    for (const head of [`GET /c/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`]) {
      const answer = await rawRequest(Number(port), head);
      const [statusLine, ...lines] = answer.split('\r\n\r\n')[0]!.split('\r\n');
      expect(statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 2)]));
      expectSecurityHeaders(headers);
      expect(answer).toContain('too long');
    }
  });
});

function rawRequest(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}
