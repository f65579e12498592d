import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { copyContent } from '../support/content.ts';
import { REPO_ROOT, FIXTURE_CONTENT_DIR } from '../support/paths.ts';
import { buildTestApp, formBody, FORM_HEADERS, type TestApp } from '../support/app.ts';
import { downloadPack } from '../support/next-steps.ts';
import { flatten, pdfText } from '../support/poppler.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');

/**
 * A second campaign with its own office needs no code change: the seed content plus the fixture's campaign and
 * UK office, served by the unchanged app.
 */
let t: TestApp;
let content: Awaited<ReturnType<typeof copyContent>>;

beforeAll(async () => {
  content = await copyContent(path.join(REPO_ROOT, 'templates'));
  await cp(path.join(FIXTURE_CONTENT_DIR, 'campaigns'), path.join(content.dir, 'campaigns'), { recursive: true });
  await cp(path.join(FIXTURE_CONTENT_DIR, 'offices'), path.join(content.dir, 'offices'), { recursive: true });
  // And a closed one and a draft, made from the fixture by changing its data only.
  await content.addFixtureCampaign({ slug: 'closed-appeal', status: 'closed', title: 'A campaign that has ended' });
  await content.addFixtureCampaign({ slug: 'draft-appeal', status: 'draft', title: 'A campaign being prepared' });
  t = await buildTestApp({ contentDir: content.dir });
});
afterAll(async () => {
  await t?.close();
  await content?.cleanup();
});

describe.skipIf(needs.missing)('a second campaign from data alone', () => {
  it('lists both live campaigns on the start page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    // Links keep the page's language (English here, from no Accept-Language).
    expect(response.body).toContain('href="/en/c/stop-forced-return"');
    expect(response.body).toContain('href="/en/c/fixture-appeal"');
    expect(response.body).not.toContain('closed-appeal');
    expect(response.body).not.toContain('draft-appeal');
  });

  it('keeps a draft campaign out of sight: its page and its form are not found', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/c/draft-appeal' })).statusCode).toBe(404);
    const response = await t.app.inject({
      method: 'POST',
      url: '/c/draft-appeal/letters',
      headers: FORM_HEADERS,
      payload: formBody({ name: 'Early', offices: ['embassy-london'] }),
    });
    expect(response.statusCode).toBe(404);
  });

  it('thanks supporters of a closed campaign instead of showing the form, and makes no more letters', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/c/closed-appeal' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This campaign has closed');
    expect(page.body).not.toContain('<form');
    const response = await t.app.inject({
      method: 'POST',
      url: '/c/closed-appeal/letters',
      headers: FORM_HEADERS,
      payload: formBody({ name: 'Too Late', offices: ['embassy-london'] }),
    });
    expect(response.statusCode).toBe(410);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });

  it('offers its own open office only and makes its letters on A4 by default', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/c/fixture-appeal' });
    expect(page.body).toContain('value="embassy-london"');
    expect(page.body).not.toContain('value="test-closed-office"');
    expect(page.body).toMatch(/id="paper-a4" checked/);
    expect(page.body).not.toContain('id="state"'); // no consular districts, so no state picker

    const response = await downloadPack(t.app, 'fixture-appeal', { name: 'Test Supporter', offices: ['embassy-london'], paperSize: 'a4' });
    expect(response.statusCode).toBe(200);
    const text = flatten(pdfText(response.rawPayload));
    const office = t.app.catalog.getOffice('embassy-london')!;
    expect(text).toContain(office.addressLines[1]!);
    expect(text).not.toContain('International Place'); // no US office slipped in
  });

  it('refuses the closed office when it is posted anyway', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/c/fixture-appeal/letters',
      headers: FORM_HEADERS,
      payload: formBody({ name: 'Test Supporter', offices: ['test-closed-office'] }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="offices-error"');
  });
});
