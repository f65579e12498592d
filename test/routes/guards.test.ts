import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCampaignCounts, type CountsBreakdown } from '../../server/counts/read.ts';
import { PROOF_OF_WORK_WORKER_PATH } from '../../server/routes/site-files.ts';
import { buildTestApp, FORM_HEADERS, formBody, personFields, SEED_OFFICES, type TestApp } from '../support/app.ts';
import { carriedFields, pressButton } from '../support/next-steps.ts';
import { pdfText } from '../support/poppler.ts';
import { startSmtpPeer } from '../support/smtp-peer.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');

/**
 * Counts a script cannot inflate, through the app with the guards as they ship (not the raised limits other tests
 * use): every sender gets their letters; what a person's browser proves counts, the rest goes apart or nowhere.
 */
let t: TestApp;
const SLUG = 'stop-forced-return';
const letter = { name: 'Ada Example', offices: SEED_OFFICES.slice(0, 2) };
let address = 0;
/** Each test's own client address, so that one test's rate limits and quota are not another's. */
const newClient = () => `198.51.100.${++address}`;

beforeAll(async () => {
  t = await buildTestApp({}, { guards: {} });
});
afterAll(async () => t?.close());

const send = (fields: Record<string, string | string[]>, remoteAddress: string) =>
  t.app.inject({ method: 'POST', url: `/c/${SLUG}/letters`, headers: FORM_HEADERS, remoteAddress, payload: formBody(fields) });

async function counted(action: () => Promise<unknown>): Promise<{ letters: number; tally: number; packsByKind: number; unverified: CountsBreakdown['unverified'] }> {
  const read = async () => {
    await t.app.counter.flush();
    const { totals } = await readCampaignCounts(t.app.db, SLUG);
    return { letters: totals.letters, tally: totals.channels.posted.total, packsByKind: totals.packsByKind.letter!, unverified: totals.unverified };
  };
  const before = await read();
  await action();
  const after = await read();
  return {
    letters: after.letters - before.letters,
    tally: after.tally - before.tally,
    packsByKind: after.packsByKind - before.packsByKind,
    unverified: {
      letters: after.unverified.letters - before.unverified.letters,
      packs: after.unverified.packs - before.unverified.packs,
      channels: { posted: after.unverified.channels.posted - before.unverified.channels.posted, faxed: 0, emailed: 0 },
    },
  };
}
const none = { letters: 0, packs: 0, channels: { posted: 0, faxed: 0, emailed: 0 } };

describe('a letter form', () => {
  it("counts in every number when a person's browser sent it: its page's stamp, a solved proof of work", async () => {
    const client = newClient();
    const change = await counted(async () => expect((await send({ ...letter, ...(await personFields(t.app)) }, client)).statusCode).toBe(200));
    expect(change).toEqual({ letters: 2, tally: 0, packsByKind: 0, unverified: none });
  });

  it('without JavaScript (no proof of work) still makes the letters, counted apart as unverified', async () => {
    const { altcha: _none, ...withoutProof } = await personFields(t.app);
    let response: Awaited<ReturnType<typeof send>> | undefined;
    const change = await counted(async () => (response = await send({ ...letter, ...withoutProof }, newClient())));
    expect(response!.statusCode).toBe(200);
    expect(response!.body).toContain('Your letters are ready');
    expect(change).toEqual({ letters: 0, tally: 0, packsByKind: 0, unverified: { ...none, letters: 2, packs: 1 } });
  });

  it('sent seconds after its page was drawn counts as unverified; sent with no stamp, or the hidden field filled, counts nowhere', async () => {
    const client = newClient();
    expect((await counted(async () => send({ ...letter, ...(await personFields(t.app, 500)) }, client))).unverified.letters).toBe(2);
    const { formStamp: _stamp, ...unstamped } = await personFields(t.app);
    for (const fields of [{ ...letter, ...unstamped }, { ...letter, ...(await personFields(t.app)), leaveBlank: 'https://spam.example' }]) {
      let response: Awaited<ReturnType<typeof send>> | undefined;
      const change = await counted(async () => (response = await send(fields, client)));
      expect(response!.statusCode).toBe(200);
      expect(change).toEqual({ letters: 0, tally: 0, packsByKind: 0, unverified: none });
    }
  });

  it('counts a proof of work once: the same solution again, or a forged one, counts nowhere', async () => {
    const client = newClient();
    const fields = await personFields(t.app);
    expect((await counted(() => send({ ...letter, ...fields }, client))).letters).toBe(2);
    expect(await counted(() => send({ ...letter, ...fields }, client))).toEqual({ letters: 0, tally: 0, packsByKind: 0, unverified: none });
    const payload = JSON.parse(Buffer.from(fields.altcha!, 'base64').toString()) as { solution: { counter: number } };
    payload.solution.counter += 1;
    const forged = { ...(await personFields(t.app)), altcha: Buffer.from(JSON.stringify(payload)).toString('base64') };
    expect(await counted(() => send({ ...letter, ...forged }, client))).toEqual({ letters: 0, tally: 0, packsByKind: 0, unverified: none });
  });

  it('counts 30 letter sets an hour from one address as verified, and the rest from it as unverified, not another address’s', async () => {
    const client = newClient();
    const sets = await Promise.all(Array.from({ length: 32 }, () => personFields(t.app)));
    const change = await counted(async () => {
      for (const fields of sets) expect((await send({ ...letter, offices: SEED_OFFICES.slice(0, 1), ...fields }, client)).statusCode).toBe(200);
    });
    expect(change.letters).toBe(30);
    expect(change.unverified.letters).toBe(2);
    expect((await counted(async () => send({ ...letter, ...(await personFields(t.app)) }, newClient()))).letters).toBe(2);
  });
});

describe.skipIf(needs.missing)("an unverified letter's page", () => {
  it('counts its "I posted it" apart, its download in no number, and its address page has no code to report later', async () => {
    const { altcha: _none, ...withoutProof } = await personFields(t.app);
    const client = newClient();
    const page = carriedFields((await send({ ...letter, ...withoutProof }, client)).body);
    let pdf: Buffer | undefined;
    const change = await counted(async () => {
      pdf = (await pressButton(t.app, `/c/${SLUG}/letters/pdf`, page, { kind: 'letter' }, {})).rawPayload;
      await pressButton(t.app, `/c/${SLUG}/letters/tally`, page, { tally: `posted:${SEED_OFFICES[0]}` }, { accept: 'application/json' });
    });
    expect(change).toEqual({ letters: 0, tally: 0, packsByKind: 0, unverified: { ...none, channels: { posted: 1, faxed: 0, emailed: 0 } } });
    expect(pdfText(pdf!)).not.toContain('Posted them later?');
  });

  it("of a letter a script plainly sent counts its buttons nowhere", async () => {
    const { formStamp: _stamp, ...unstamped } = await personFields(t.app);
    const page = carriedFields((await send({ ...letter, ...unstamped }, newClient())).body);
    const change = await counted(async () => {
      await pressButton(t.app, `/c/${SLUG}/letters/pdf`, page, { kind: 'letter' }, {});
      await pressButton(t.app, `/c/${SLUG}/letters/tally`, page, { tally: `posted:${SEED_OFFICES[0]}` }, { accept: 'application/json' });
    });
    expect(change).toEqual({ letters: 0, tally: 0, packsByKind: 0, unverified: none });
  });
});

describe('rate limits per client', () => {
  it('answer a flood of forms from one address with 429, a message and Retry-After, while another address is served', async () => {
    const client = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await send({ action: 'pick-country', country: 'US' }, client)).statusCode);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const refused = await send({ action: 'pick-country', country: 'US' }, client);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain('Too many requests from your network just now');
    expect((await send({ action: 'pick-country', country: 'US' }, newClient())).statusCode).toBe(200);
  });
});

describe('"Email me my letters"', () => {
  it('sends one email per page, and at most five from one address in ten minutes, so the server cannot be made to spam', async () => {
    const smtp = await startSmtpPeer();
    const mailing = await buildTestApp({ mail: { smtpUrl: smtp.url, from: 'Letters <letters@appeal.example>', timeoutMs: 2000 } }, { guards: {} });
    try {
      const client = newClient();
      const email = async (page: ReturnType<typeof carriedFields>) =>
        mailing.app.inject({ method: 'POST', url: `/c/${SLUG}/letters/email`, remoteAddress: client, headers: { ...FORM_HEADERS, accept: 'application/json' }, payload: formBody({ ...page, email: 'reader@example.org' }) });
      const pageOf = async () =>
        carriedFields((await mailing.app.inject({ method: 'POST', url: `/c/${SLUG}/letters`, headers: FORM_HEADERS, remoteAddress: client, payload: formBody({ ...letter, ...(await personFields(mailing.app)) }) })).body);
      const first = await pageOf();
      expect((await email(first)).json().outcome).toBe('sent');
      expect((await email(first)).json().outcome).not.toBe('sent');
      const outcomes: number[] = [];
      for (let i = 0; i < 4; i++) outcomes.push((await email(await pageOf())).statusCode);
      expect(outcomes).toEqual([200, 200, 200, 429]);
      expect(smtp.messages).toHaveLength(4);
    } finally {
      await mailing.close();
      await smtp.close();
    }
  });
});

describe('what the page needs for the proof of work', () => {
  it('a signed challenge, never cached, and ALTCHA’s worker script from this site', async () => {
    const challenge = await t.app.inject({ method: 'GET', url: `/c/${SLUG}/challenge` });
    expect(challenge.headers['cache-control']).toBe('no-store');
    expect(challenge.json()).toMatchObject({ parameters: { algorithm: 'SHA-256', keyPrefix: '0000' }, signature: expect.any(String) });
    const worker = await t.app.inject({ method: 'GET', url: PROOF_OF_WORK_WORKER_PATH });
    expect(worker.statusCode).toBe(200);
    expect(worker.headers['content-type']).toContain('javascript');
    expect(worker.body).toContain('onmessage');
    const page = await t.app.inject({ method: 'GET', url: `/c/${SLUG}` });
    expect(page.body).toMatch(/name="formStamp" value="\d{13}\.[\w-]{22}"/);
    expect(page.body).toContain(`data-proof-of-work="/c/${SLUG}/challenge"`);
    expect(page.headers['cache-control']).toBe('no-store');
  });
});
