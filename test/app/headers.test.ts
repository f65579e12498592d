import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../server/content/campaign.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';

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
