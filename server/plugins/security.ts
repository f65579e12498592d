import fp from 'fastify-plugin';
import helmet from 'helmet';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../shared/errors.ts';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The headers every response carries, worked out once by helmet. The CSP allows only our own origin: no
 * third-party scripts, styles, fonts or images, so a supporter's browser never tells another host that it visited.
 * No referrer leaves the site either, and no page may be framed (the CSP's frame-ancestors and X-Frame-Options
 * agree). Also written by the answers Fastify and Node give before any hook runs (app.ts: a malformed address, a
 * request's head too large).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = (() => {
  const headers: Record<string, string> = {};
  const response = { setHeader: (name: string, value: unknown) => (headers[name] = String(value)), removeHeader: () => {} };
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    // 'same-origin' rather than 'no-referrer': with no-referrer, browsers send `Origin: null` on our own form
    // posts, which would defeat the Origin check below.
    referrerPolicy: { policy: 'same-origin' },
    // Sent only to requests that came over HTTPS (hstsFor below): a plain-HTTP server must not ask for it.
    strictTransportSecurity: false,
  })({} as IncomingMessage, response as unknown as ServerResponse, () => {});
  // No page uses these; a page that may not ask for them cannot be made to.
  headers['Permissions-Policy'] = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()';
  return Object.freeze(headers);
})();

/** One year; not includeSubDomains or preload, which would bind the operator's other hosts. */
const HSTS = 'max-age=31536000';

/**
 * HTTPS as the browser saw it: with TRUST_PROXY set, the proxy's X-Forwarded-Proto says so; without it, this server
 * speaks plain HTTP, and a client's X-Forwarded-Proto is not believed.
 */
const cameOverHttps = (request: FastifyRequest) => request.protocol === 'https';

/** Browsers say where a request comes from in Sec-Fetch-Site; older ones only send Origin, scheme and host. */
function comesFromThisSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).origin === new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return false;
  }
}

/**
 * Security headers, cross-site request refusal, and no caching of anything answering a form: the answer to a form
 * may echo what the supporter typed (the form sent back with its messages, the page after it), and no shared or
 * browser cache may keep that.
 */
export default fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.headers(SECURITY_HEADERS);
      if (cameOverHttps(request)) reply.header('Strict-Transport-Security', HSTS);
      if (UNSAFE_METHODS.has(request.method) && !comesFromThisSite(request)) {
        throw new AppError('CROSS_SITE', 'This form can only be sent from this site.', 403);
      }
    });
    app.addHook('onSend', async (request, reply) => {
      if (UNSAFE_METHODS.has(request.method)) reply.header('Cache-Control', 'no-store');
    });
  },
  { name: 'security' },
);
