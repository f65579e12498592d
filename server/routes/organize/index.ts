import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../../config.ts';
import { AppError } from '../../shared/errors.ts';
import { createCredentialCheck, sessionKeyFor } from '../../organize/credential.ts';
import type { SignInThrottle } from '../../organize/throttle.ts';
import { createSignedTokens } from '../../shared/signed-tokens.ts';
import { pageLanguage } from '../../plugins/i18n.ts';
import organizeCampaignRoutes from './campaigns.ts';
import { organizerContext, organizerRedirect } from './context.ts';
import printRoomRoutes from './print-room.ts';
import { signInSchema, safeNextPath } from './sign-in.schema.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const SESSION_SCOPE = 'organize';
/** The sign-in page, and where it sends the organizer once signed in. */
const signInPath = (next: string | undefined) => (next === undefined ? '/organize/sign-in' : `/organize/sign-in?next=${encodeURIComponent(next)}`);

/** The organizer pages' cookies exist only under /organize: the supporters' pages set and read none. */
const isHttps = (request: FastifyRequest) => request.protocol === 'https';
/** `__Host-` makes browsers refuse the cookie unless it is Secure, path / and set by this very host. */
const sessionCookieName = (request: FastifyRequest) => (isHttps(request) ? '__Host-organizer' : 'organizer');
const CSRF_COOKIE = 'organizer-csrf';
/** Both cookies are HttpOnly and SameSite=Strict, and Secure over HTTPS; the session's is for the whole site. */
const cookieOptions = (request: FastifyRequest, path: string) => ({ path, httpOnly: true, sameSite: 'strict' as const, secure: isHttps(request) });

export interface OrganizeOptions {
  organizer: Config['organizer'];
  throttle: SignInThrottle;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set under /organize: whether the request carries a valid organizer session. */
    organizerSignedIn: boolean;
  }
}

/**
 * /organize: sign-in, sign-out and, behind them, the organizers' pages. One credential from the configuration (a
 * password hash or a token); the session is a signed, expiring token in an HttpOnly, SameSite=Strict cookie, so
 * any instance with the same configuration accepts it and nothing is stored on the server.
 */
export default async function organizeRoutes(app: FastifyInstance, opts: OrganizeOptions) {
  const { organizer } = opts;
  app.addHook('onSend', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    reply.header('X-Robots-Tag', 'noindex');
  });

  if (!organizer) {
    const off = async () => {
      throw new AppError('ORGANIZER_PAGES_OFF', 'The organizer pages are off: set ORGANIZER_PASSWORD_HASH (npm run organizer-password) or ORGANIZER_TOKEN to turn them on.', 404);
    };
    app.all('/', off);
    app.all('/*', off);
    return;
  }

  const check = createCredentialCheck(organizer);
  const sessions = createSignedTokens(sessionKeyFor(organizer, app.keyFor('organizer sessions')), SESSION_TTL_MS);
  const { throttle } = opts;

  await app.register(cookie);
  await app.register(csrfProtection, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/organize', sameSite: 'strict', httpOnly: true },
  });

  app.decorateRequest('organizerSignedIn', false);
  app.addHook('onRequest', async (request) => {
    const value = request.cookies[sessionCookieName(request)];
    request.organizerSignedIn = value !== undefined && sessions.verify(value, SESSION_SCOPE) !== undefined;
  });
  // Every form under /organize carries the token that only our own pages hold (sign-in included: no one may sign
  // a browser in to a session of theirs).
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') app.csrfProtection(request, reply, done);
    else done();
  });

  const csrfToken = (request: FastifyRequest, reply: FastifyReply) => reply.generateCsrf({ secure: isHttps(request) });

  function showSignIn(request: FastifyRequest, reply: FastifyReply, state: { next?: string; error?: string; notice?: string }, statusCode = 200) {
    return reply.code(statusCode).viewAsync('pages/organize/sign-in.hbs', {
      // A sign-in that failed switches language to the sign-in page, on the way to the same page.
      ...(request.method === 'POST' ? { languageSwitch: pageLanguage(request, signInPath(state.next)).languageSwitch } : {}),
      pageTitle: request.t('organize.signIn.title'),
      sessionHours: SESSION_TTL_MS / (60 * 60 * 1000),
      organizerPage: true,
      csrfToken: csrfToken(request, reply),
      next: state.next,
      error: state.error,
      notice: state.notice,
    });
  }

  app.get<{ Querystring: { next?: string; signedOut?: string } }>('/sign-in', async (request, reply) => {
    const next = safeNextPath(request.query.next);
    if (request.organizerSignedIn) return reply.redirect(organizerRedirect(request, next ?? '/organize'), 303);
    return showSignIn(request, reply, { next, notice: request.query.signedOut === '1' ? request.t('organize.signIn.signedOut') : undefined });
  });

  app.post<{ Body: Record<string, unknown> }>('/sign-in', { config: { rateLimit: app.guards.limit('signIn') } }, async (request, reply) => {
    const form = signInSchema.parse(request.body ?? {});
    const client = request.ip;
    const locked = throttle.lockedFor(client);
    if (locked > 0) {
      reply.header('Retry-After', String(locked));
      return showSignIn(request, reply, { next: form.next, error: request.t('organize.signIn.locked', { count: Math.ceil(locked / 60) }) }, 429);
    }
    if (!(await check(form.credential))) {
      const delay = throttle.delayFor(client);
      throttle.failed(client);
      // Slows a guesser down; a person who mistyped once does not notice.
      if (delay > 0) await sleep(delay);
      return showSignIn(request, reply, { next: form.next, error: request.t('organize.signIn.wrong') }, 401);
    }
    throttle.succeeded(client);
    reply.setCookie(sessionCookieName(request), sessions.issue(SESSION_SCOPE), { ...cookieOptions(request, '/'), maxAge: SESSION_TTL_MS / 1000 });
    return reply.redirect(organizerRedirect(request, form.next ?? '/organize'), 303);
  });

  app.post('/sign-out', async (request, reply) => {
    reply.clearCookie(sessionCookieName(request), cookieOptions(request, '/'));
    reply.clearCookie(CSRF_COOKIE, cookieOptions(request, '/organize'));
    return reply.redirect(organizerRedirect(request, '/organize/sign-in?signedOut=1'), 303);
  });

  // Everything else needs a session.
  await app.register(async (signedIn) => {
    signedIn.addHook('onRequest', async (request, reply) => {
      if (request.organizerSignedIn) return;
      // A person in a browser is sent to sign in and brought back; a script gets 401.
      if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
        return reply.redirect(organizerRedirect(request, signInPath(request.url)), 303);
      }
      throw new AppError('ORGANIZER_SIGN_IN', 'Please sign in to the organizer pages first.', 401);
    });
    const context = organizerContext(app.catalog, csrfToken);
    await signedIn.register(organizeCampaignRoutes, { context });
    await signedIn.register(printRoomRoutes, { context });
  });
}
