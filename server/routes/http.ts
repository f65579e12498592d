import type { FastifyRequest } from 'fastify';

/** The form carries a letter of a few thousand characters at most: anything far bigger is not a supporter. */
export const LETTER_FORM_BODY_LIMIT = 64 * 1024;

/** This site's address for `path`, as the browser reached it (behind a proxy: with TRUST_PROXY set). */
export const absoluteUrl = (request: FastifyRequest, path: string) => `${request.protocol}://${request.host}${path}`;

/** A script that asks only for JSON (the pages' own fetch calls) gets JSON; a browser gets the page. */
export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}
