import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import staticFiles from '@fastify/static';
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import type { Duplex, Writable } from 'node:stream';
import type { Config } from './config.ts';
import { AppError } from './shared/errors.ts';
import { FormNotTextError, parseFormBody } from './shared/form-body.ts';
import { DEFAULT_LANGUAGE } from './i18n/languages.ts';
import { loggerOptions } from './shared/logging.ts';
import { RendererBusyError } from './pdf/pool.ts';
import contentPlugin from './plugins/content.ts';
import counterPlugin from './plugins/counter.ts';
import databasePlugin from './plugins/database.ts';
import mailerPlugin from './plugins/mailer.ts';
import onceStorePlugin from './plugins/once-store.ts';
import pdfPlugin from './plugins/pdf.ts';
import printRoomPlugin from './plugins/print-room.ts';
import guardsPlugin, { type GuardOptions } from './plugins/guards.ts';
import securityPlugin, { SECURITY_HEADERS } from './plugins/security.ts';
import signedTokensPlugin from './plugins/signed-tokens.ts';
import viewPlugin from './plugins/view.ts';
import i18nPlugin, { pageLanguage, stripLanguagePrefix } from './plugins/i18n.ts';
import { createSignInThrottle, type ThrottleOptions } from './organize/throttle.ts';
import { campaignLookup } from './campaign/lookup.ts';
import campaignRoutes from './routes/campaign.ts';
import countsRoutes from './routes/counts.ts';
import healthRoutes from './routes/health.ts';
import { LETTER_FORM_BODY_LIMIT, wantsJson } from './routes/http.ts';
import reportLaterRoutes from './routes/report-later.ts';
import nextStepsRoutes from './routes/next-steps.ts';
import siteFileRoutes from './routes/site-files.ts';
import organizeRoutes from './routes/organize/index.ts';

export interface AppOptions {
  /** Where log lines go (tests read them back); stdout when absent. */
  logStream?: Writable;
  /** How wrong organizer sign-ins are slowed (tests shorten it). */
  signInThrottle?: ThrottleOptions;
  /** The clock that says whether a campaign has closed (tests set the day). */
  now?: () => Date;
  /** Where the interface's message files are (tests plant broken ones); templates/messages by default. */
  messagesDir?: string;
  /** The guards' quota and rate limits (tests, all from one address, raise them). */
  guards?: Omit<GuardOptions, 'redisUrl'>;
}

const PUBLIC_DIR = path.resolve(import.meta.dirname, '../public');

export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    bodyLimit: LETTER_FORM_BODY_LIMIT,
    // Without a proxy in front, a client that never finishes its request must not hold a socket forever.
    requestTimeout: 30_000,
    // "/ko/c/slug" is routed as "/c/slug": the language prefix is read by the i18n plugin, so no route repeats it.
    rewriteUrl: (raw) => stripLanguagePrefix(raw),
    // Behind a reverse proxy: believe its X-Forwarded-Proto (HTTPS, for the organizer cookies) and -For (sign-in slowing).
    ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
    // Answers given before any hook runs carry the same security headers as every page.
    frameworkErrors: (_error, _request, reply: FastifyReply) => {
      void reply.code(400).headers(SECURITY_HEADERS).header('Cache-Control', 'no-store').type('text/plain; charset=utf-8').send(`${BAD_ADDRESS}\n`);
    },
    clientErrorHandler: answerClientError,
  });

  await app.register(i18nPlugin, { messagesDir: options.messagesDir });
  await app.register(securityPlugin);
  // Only web forms (and, in the print room, the sign-up sheet's multipart upload): a JSON or text body is refused
  // with 415 rather than taken for a form.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseFormBody(body as Buffer));
    } catch (error) {
      done(error instanceof FormNotTextError ? new AppError('NOT_TEXT', error.message, 400, { field: error.field.slice(0, 60) }) : (error as Error));
    }
  });
  await app.register(staticFiles, { root: PUBLIC_DIR, prefix: '/assets/', maxAge: '1d' });
  await app.register(viewPlugin);
  await app.register(contentPlugin, { contentDir: config.contentDir });
  await app.register(databasePlugin, { databaseUrl: config.databaseUrl });
  await app.register(counterPlugin, { flushIntervalMs: config.countsFlushIntervalMs, journalDir: config.dataDir });
  await app.register(pdfPlugin, { threads: config.pdfWorkers });
  await app.register(onceStorePlugin);
  await app.register(mailerPlugin, { mail: config.mail });
  await app.register(signedTokensPlugin, { secret: config.pageTokenSecret, secretFile: config.secretFile });
  await app.register(guardsPlugin, { redisUrl: config.redisUrl, trustsProxy: config.trustProxy !== undefined, ...options.guards });
  await app.register(printRoomPlugin);

  app.setNotFoundHandler(async (request, reply) => sendError(request, reply, 404, 'notFound'));

  app.setErrorHandler(async (error: FastifyError | AppError | RendererBusyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.statusCode === 401 && request.url.startsWith('/api/')) reply.header('WWW-Authenticate', 'Bearer');
      if (error.statusCode === 503) reply.header('Retry-After', '60');
      // An error's words in the page's language when a part of the messages has them (<part>.errorCodes.<CODE>); the
      // JSON API, read by scripts, keeps the English.
      const key = ERROR_CODE_PARTS.map((part) => `${part}.errorCodes.${error.code}`).find((k) => app.messages.has(k));
      const message = key && !request.url.startsWith('/api/') ? request.t(key, error.values) : error.message;
      return sendError(request, reply, error.statusCode, kindFor(error.statusCode), message);
    }
    if (error instanceof RendererBusyError) {
      reply.header('Retry-After', '5');
      return sendError(request, reply, 503, 'busy');
    }
    if (error.code?.startsWith('FST_CSRF_')) return sendError(request, reply, 403, 'formExpired');
    if (error.statusCode === 413) return sendError(request, reply, 413, 'tooLarge');
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(request, reply, 415, 'other', request.t('site.errors.formOnly.message'));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // A framework 4xx (bad encoding, malformed body): its message names the problem, never the request's content.
      return sendError(request, reply, error.statusCode, kindFor(error.statusCode), request.t('site.errors.unreadable.message'));
    }
    // 5xx: log the error for the operator (it carries no request body), tell the person nothing internal.
    request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, 500, 'failed');
  });

  // Registered after the handlers above, so the routes inherit them.
  await app.register(healthRoutes);
  await app.register(siteFileRoutes);
  const lookup = campaignLookup(app.catalog, options.now);
  await app.register(campaignRoutes, { lookup });
  await app.register(nextStepsRoutes, { lookup });
  await app.register(reportLaterRoutes, { lookup });
  await app.register(countsRoutes, { token: config.countsToken });
  await app.register(organizeRoutes, { prefix: '/organize', organizer: config.organizer, throttle: createSignInThrottle(options.signInThrottle) });

  return app;
}

/** Fastify's own answer to an address it cannot decode (FST_ERR_BAD_URL), before the page language is known. */
const BAD_ADDRESS = 'This address is not valid: check that it was copied whole.';

const CLIENT_ERROR_STATUS: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408 };
const CLIENT_ERROR_TEXT: Record<number, string> = {
  400: 'The request could not be read.',
  408: 'The request took too long to arrive.',
  431: 'The request is too large: its address or headers are too long.',
};

/**
 * A request Node could not read (its head too large, malformed, or too slow): answered in plain text with the
 * security headers, as Fastify's default handler does without them.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
  const body = `${CLIENT_ERROR_TEXT[status]}\n`;
  const headers = { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`);
}

/** The message files that word AppErrors, by code. */
const ERROR_CODE_PARTS = ['site', 'next-steps', 'organize'];

/** Which of site.errors' entries titles an answer with this status. */
function kindFor(statusCode: number): string {
  if (statusCode === 404) return 'notFound';
  if (statusCode === 403) return 'forbidden';
  if (statusCode === 401) return 'signInNeeded';
  if (statusCode === 410) return 'closed';
  return 'other';
}

/**
 * People get an HTML page; the JSON API, and clients that ask only for JSON, get JSON. `kind` names the title (and,
 * without `message`, the message) in site.errors; the JSON API is answered in English whatever the page language.
 */
async function sendError(request: FastifyRequest, reply: FastifyReply, statusCode: number, kind: string, message?: string) {
  reply.code(statusCode);
  const api = request.url.startsWith('/api/') || wantsJson(request);
  const t = api ? request.server.messages.forLanguage(DEFAULT_LANGUAGE) : request.t;
  const title = t(`site.errors.${kind}.title`);
  const text = message ?? t(`site.errors.${kind}.message`);
  if (api) return reply.send({ error: title, message: text, statusCode });
  const organizerPage = request.url.startsWith('/organize');
  return reply.viewAsync('pages/error.hbs', { ...pageLanguage(request), pageTitle: title, title, message: text, statusCode, organizerPage, signInLink: organizerPage && statusCode === 401 });
}
