import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../shared/errors.ts';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Browsers say where a request comes from in Sec-Fetch-Site; older ones only send Origin. */
function comesFromThisSite(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  if (headers.origin === undefined) return true;
  try {
    return new URL(headers.origin).host === headers.host;
  } catch {
    return false;
  }
}

/**
 * Security headers and cross-site request refusal.
 * The CSP allows only our own origin: no third-party scripts, styles, fonts or images, so a supporter's
 * browser never tells another host that it visited. No referrer leaves the site either.
 */
export default fp(
  async (app) => {
    await app.register(helmet, {
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
      // 'same-origin' rather than 'no-referrer': with no-referrer, browsers send `Origin: null` on our own form
      // posts, which would defeat the Origin check below.
      referrerPolicy: { policy: 'same-origin' },
      // Not behind HTTPS by default; a reverse proxy that terminates TLS should set HSTS itself.
      strictTransportSecurity: false,
    });

    app.addHook('onRequest', async (request) => {
      if (UNSAFE_METHODS.has(request.method) && !comesFromThisSite(request.headers)) {
        throw new AppError('CROSS_SITE', 'This form can only be sent from this site.', 403);
      }
    });
  },
  { name: 'security' },
);
