import type { FastifyServerOptions } from 'fastify';
import type { Writable } from 'node:stream';

/**
 * Logger options that keep personal data out of the logs.
 * Fastify's default `req` serializer writes the client's IP address, port and host name; ours keeps only the
 * method and the path without its query string. Headers and bodies are never serialized, and the paths that
 * could carry them are redacted in case a future log call passes a whole request, or a library logs its own copy.
 */
export function loggerOptions(level: string, stream?: Writable): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    // The machine's host name says nothing about supporters, but it is not needed either.
    base: { pid: process.pid },
    serializers: {
      req: (req: { method?: string; url?: string }) => ({
        method: req.method,
        url: req.url?.split('?')[0],
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    redact: {
      // busboyOptions: @fastify/multipart logs the request's headers (user agent, cookies) at trace level.
      paths: ['req.headers', 'req.body', 'req.ip', 'req.ips', 'req.hostname', 'req.remoteAddress', 'body', 'headers', 'busboyOptions'],
      remove: true,
    },
  };
}
