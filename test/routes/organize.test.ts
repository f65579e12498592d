import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, FORM_HEADERS, type TestApp } from '../support/app.ts';
import { Browser, ORGANIZER_PASSWORD, organizerHash, setCookies } from '../support/organize.ts';
import { hashPassword } from '../../server/organize/credential.ts';
import { unescapeHtml } from '../support/next-steps.ts';

let t: TestApp;
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await organizerHash();
  t = await buildTestApp({ organizer: { passwordHash }, trustProxy: '127.0.0.1' }, { signInThrottle: { freeFailures: 1000, lockAfter: 1000 } });
});
afterAll(async () => t?.close());

describe('organizer sign-in', () => {
  it('sends a visitor without a session to the sign-in page, and back where they were going after it', async () => {
    const browser = new Browser(t.app);
    const first = await browser.get('/organize/c/stop-forced-return?from=2026-11-01');
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/organize/sign-in?next=%2Forganize%2Fc%2Fstop-forced-return%3Ffrom%3D2026-11-01');

    const page = await browser.get(first.headers.location as string);
    expect(unescapeHtml(page.body)).toContain('name="next" value="/organize/c/stop-forced-return?from=2026-11-01"');
    const signIn = await browser.post('/organize/sign-in', {
      _csrf: Browser.csrfOf(page.body),
      credential: ORGANIZER_PASSWORD,
      next: '/organize/c/stop-forced-return?from=2026-11-01',
    });
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/organize/c/stop-forced-return?from=2026-11-01');
    expect((await browser.get('/organize')).statusCode).toBe(200);
  });

  it('never sends anyone off the organizer area after signing in', async () => {
    const browser = new Browser(t.app);
    for (const next of ['//evil.example/organize', 'https://evil.example/', '/organize//evil.example', '/c/stop-forced-return']) {
      const page = await browser.get(`/organize/sign-in?next=${encodeURIComponent(next)}`);
      expect(page.body).not.toContain('name="next"');
    }
    const signIn = await browser.post('/organize/sign-in', { _csrf: await browser.csrfFrom('/organize/sign-in'), credential: ORGANIZER_PASSWORD, next: '//evil.example' });
    expect(signIn.headers.location).toBe('/organize');
  });

  it('sets an HttpOnly, SameSite=Strict session cookie, not Secure over plain HTTP', async () => {
    const browser = new Browser(t.app);
    const signIn = await browser.signIn();
    const session = signIn.cookies.find((c) => c.name === 'organizer')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 43200 });
    expect(session.secure).toBeFalsy();
  });

  it('over HTTPS (behind the trusted proxy) the cookies are Secure and the session is a __Host- cookie', async () => {
    const browser = new Browser(t.app);
    const https = { 'x-forwarded-proto': 'https' };
    const page = await browser.get('/organize/sign-in', https);
    expect(page.cookies.find((c) => c.name === 'organizer-csrf')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
    const signIn = await browser.post('/organize/sign-in', { _csrf: Browser.csrfOf(page.body), credential: ORGANIZER_PASSWORD }, https);
    expect(signIn.cookies.find((c) => c.name === '__Host-organizer')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect((await browser.get('/organize', https)).statusCode).toBe(200);
    // The HTTPS session is not the plain-HTTP cookie.
    expect((await browser.get('/organize')).statusCode).toBe(303);
  });

  it('answers a wrong credential with 401 and the form again, whatever its length', async () => {
    for (const credential of ['', 'wrong', 'x'.repeat(2000), `${ORGANIZER_PASSWORD} `, '\u0000']) {
      const browser = new Browser(t.app);
      const answer = await browser.signIn(credential);
      expect(answer.statusCode, JSON.stringify(credential.slice(0, 20))).toBe(401);
      expect(answer.body).toContain('That password or token is not right');
      expect(answer.body).toContain('name="credential"');
      expect(setCookies(answer)).not.toHaveProperty('organizer');
    }
  });

  it('a sign-in form without its credential field, or with it twice, is a wrong credential, not an error', async () => {
    const browser = new Browser(t.app);
    const _csrf = await browser.csrfFrom('/organize/sign-in');
    expect((await browser.post('/organize/sign-in', { _csrf })).statusCode).toBe(401);
    expect((await browser.post('/organize/sign-in', { _csrf, credential: [ORGANIZER_PASSWORD, 'x'] })).statusCode).toBe(401);
  });

  it('is not fooled by a forged session cookie or one signed for another credential', async () => {
    const other = await buildTestApp({ organizer: { passwordHash: await hashPassword(ORGANIZER_PASSWORD, { logN: 14, r: 8, p: 1 }) } });
    try {
      const elsewhere = new Browser(other.app);
      const signedIn = await elsewhere.signIn();
      const cookie = setCookies(signedIn).organizer!;
      // The same password hashed again has another salt: another credential, so another signing key.
      const forged = [cookie, `${cookie.slice(0, -3)}abc`, 'eyJ4Ijp7fQ.AAAA'];
      for (const value of forged) {
        const answer = await t.app.inject({ url: '/organize', headers: { accept: 'text/html', cookie: `organizer=${value}` } });
        expect(answer.statusCode).toBe(303);
      }
    } finally {
      await other.close();
    }
  });

  it('cannot be forged from the password hash alone, nor given a lifetime longer than the server issues', async () => {
    const { createHash } = await import('node:crypto');
    const { createSignedTokens } = await import('../../server/shared/signed-tokens.ts');
    const { sessionKeyFor } = await import('../../server/organize/credential.ts');
    // What the old key was: a hash of the configuration, which anyone who saw the environment could make.
    const fromHash = createHash('sha256').update('appeal-letters organizer session\0').update(passwordHash).update('\0').digest();
    const forgedFromHash = createSignedTokens(fromHash, 12 * 60 * 60 * 1000).issue('organize');
    // With the right key, but a ten-year lifetime.
    const tenYears = createSignedTokens(sessionKeyFor({ passwordHash }, t.app.keyFor('organizer sessions')), 10 * 365 * 24 * 60 * 60 * 1000).issue('organize');
    const rightKey = createSignedTokens(sessionKeyFor({ passwordHash }, t.app.keyFor('organizer sessions')), 12 * 60 * 60 * 1000).issue('organize');
    const open = (value: string) => t.app.inject({ url: '/organize', headers: { accept: 'text/html', cookie: `organizer=${value}` } });
    expect((await open(forgedFromHash)).statusCode).toBe(303);
    expect((await open(tenYears)).statusCode).toBe(303);
    // The check itself works: a session made with the server's key and its own lifetime opens the pages.
    expect((await open(rightKey)).statusCode).toBe(200);
  });

  it('slows repeated wrong tries, then refuses for a while with 429, even the right password', async () => {
    const slow = await buildTestApp({ organizer: { passwordHash } }, { signInThrottle: { freeFailures: 1, baseDelayMs: 300, lockAfter: 3 } });
    try {
      const browser = new Browser(slow.app);
      expect((await browser.signIn('wrong 1')).statusCode).toBe(401);
      const started = Date.now();
      expect((await browser.signIn('wrong 2')).statusCode).toBe(401);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect((await browser.signIn('wrong 3')).statusCode).toBe(401);
      const locked = await browser.signIn();
      expect(locked.statusCode).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(locked.body).toContain('Too many wrong tries');
      expect(setCookies(locked)).not.toHaveProperty('organizer');
    } finally {
      await slow.close();
    }
  });

  it('signs out: the cookie is cleared and the pages ask for sign-in again', async () => {
    const browser = new Browser(t.app);
    await browser.signIn();
    const home = await browser.get('/organize');
    expect(home.body).toContain('Sign out');
    const out = await browser.post('/organize/sign-out', { _csrf: Browser.csrfOf(home.body) });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/organize/sign-in?signedOut=1');
    expect(out.cookies.find((c) => c.name === 'organizer')?.value).toBe('');
    expect((await browser.get('/organize')).statusCode).toBe(303);
    expect((await browser.get('/organize/sign-in?signedOut=1')).body).toContain('You are signed out.');
  });

  it('a script without a session gets 401, not a sign-in page', async () => {
    const answer = await t.app.inject({ url: '/organize/c/stop-forced-return/counts.csv' });
    expect(answer.statusCode).toBe(401);
    expect(answer.headers['www-authenticate']).toBeUndefined();
  });

  it('organizer pages are never cached and set no cookie on supporters’ pages', async () => {
    const browser = new Browser(t.app);
    await browser.signIn();
    expect((await browser.get('/organize')).headers['cache-control']).toBe('no-store');
    const supporterPage = await browser.get('/c/stop-forced-return');
    expect(supporterPage.headers['set-cookie']).toBeUndefined();
  });
});

describe('the organizer pages keep the language the URL names', () => {
  it('through sign-in, its links and forms, and sign-out', async () => {
    const browser = new Browser(t.app);
    const first = await browser.get('/organize/c/stop-forced-return?lang=ko');
    expect(first.headers.location).toBe('/organize/sign-in?next=%2Forganize%2Fc%2Fstop-forced-return%3Flang%3Dko&lang=ko');

    const page = await browser.get(first.headers.location as string);
    expect(page.body).toContain('<html lang="ko"');
    expect(unescapeHtml(page.body)).toContain('action="/organize/sign-in?lang=ko"');
    const wrong = await browser.post('/organize/sign-in?lang=ko', { _csrf: Browser.csrfOf(page.body), credential: 'wrong' });
    expect(wrong.statusCode).toBe(401);
    // The answer to the form switches language on the sign-in page, not the site's start.
    expect(unescapeHtml(wrong.body)).toContain('href="/organize/sign-in?lang=de"');

    const signIn = await browser.post('/organize/sign-in?lang=ko', { _csrf: Browser.csrfOf(page.body), credential: ORGANIZER_PASSWORD, next: '/organize/c/stop-forced-return?lang=ko' });
    expect(signIn.headers.location).toBe('/organize/c/stop-forced-return?lang=ko');

    const home = await browser.get('/organize?lang=ko');
    expect(unescapeHtml(home.body)).toContain('href="/organize/c/stop-forced-return/print?lang=ko"');
    expect(unescapeHtml(home.body)).toContain('action="/organize/sign-out?lang=ko"');
    const out = await browser.post('/organize/sign-out?lang=ko', { _csrf: Browser.csrfOf(home.body) });
    expect(out.headers.location).toBe('/organize/sign-in?signedOut=1&lang=ko');
  });
});

describe('cross-site request protection on organizer forms', () => {
  it('refuses sign-in without the page’s token, with a stranger’s token, or from another site', async () => {
    const browser = new Browser(t.app);
    const token = await browser.csrfFrom('/organize/sign-in');
    const stranger = new Browser(t.app);
    const strangersToken = await stranger.csrfFrom('/organize/sign-in');

    const noToken = await browser.post('/organize/sign-in', { credential: ORGANIZER_PASSWORD });
    const wrongToken = await browser.post('/organize/sign-in', { _csrf: strangersToken.slice(0, -2) + 'xx', credential: ORGANIZER_PASSWORD });
    const noCookie = await t.app.inject({ method: 'POST', url: '/organize/sign-in', headers: FORM_HEADERS, payload: `_csrf=${encodeURIComponent(token)}&credential=x` });
    const crossSite = await browser.post('/organize/sign-in', { _csrf: token, credential: ORGANIZER_PASSWORD }, { 'sec-fetch-site': 'cross-site' });
    for (const answer of [noToken, wrongToken, noCookie, crossSite]) {
      expect(answer.statusCode).toBe(403);
      expect(setCookies(answer)).not.toHaveProperty('organizer');
    }
    expect(noToken.body).toContain('This form is out of date or was not sent from our own page');
  });

  it('refuses sign-out without the token: another site cannot sign an organizer out', async () => {
    const browser = new Browser(t.app);
    await browser.signIn();
    expect((await browser.post('/organize/sign-out', {})).statusCode).toBe(403);
    expect((await browser.get('/organize')).statusCode).toBe(200);
  });
});

describe('organizer pages switched off', () => {
  it('answer 404 saying how to turn them on', async () => {
    const off = await buildTestApp();
    try {
      for (const url of ['/organize', '/organize/sign-in', '/organize/c/stop-forced-return']) {
        const answer = await off.app.inject({ url, headers: { accept: 'text/html' } });
        expect(answer.statusCode).toBe(404);
        expect(answer.body).toContain('ORGANIZER_PASSWORD_HASH');
      }
    } finally {
      await off.close();
    }
  });

  it('sign in with ORGANIZER_TOKEN alone', async () => {
    const token = 'T'.repeat(48);
    const withToken = await buildTestApp({ organizer: { token } });
    try {
      const browser = new Browser(withToken.app);
      expect((await browser.signIn(token)).statusCode).toBe(303);
      expect((await browser.get('/organize')).statusCode).toBe(200);
    } finally {
      await withToken.close();
    }
  });
});
