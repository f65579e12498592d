import { createHmac } from 'node:crypto';
import { keptSecret } from '../shared/kept-secret.ts';
import fp from 'fastify-plugin';
import { createReportCodes, type ReportCodes } from '../next-steps/report-later.ts';
import { createSignedTokens, type SignedTokens } from '../shared/signed-tokens.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Signs the next-steps page's token and the print room's "how many were posted" form. */
    pageTokens: SignedTokens;
    /** Signs the code on the address page that reports, days later, how the letters were sent. */
    reportCodes: ReportCodes;
    /** A key for one purpose ("organizer sessions"), derived from the server's secret: never the secret itself. */
    keyFor(purpose: string): Buffer;
  }
}

/**
 * One signing key for the pages' tokens and codes: PAGE_TOKEN_SECRET, the same on every instance, or else one made on
 * first start and kept in `secretFile`, so a restart expires nothing.
 */
export default fp(
  async (app, opts: { secret: string | undefined; secretFile: string }) => {
    let secret = opts.secret;
    if (!secret) {
      const kept = keptSecret(opts.secretFile);
      if (kept.created) app.log.info({ file: opts.secretFile }, 'made a secret for page tokens and report codes, and kept it (set PAGE_TOKEN_SECRET to use your own)');
      secret = kept.secret;
    }
    const serverSecret = secret;
    const keyFor = (purpose: string) => createHmac('sha256', serverSecret).update(`appeal-letters ${purpose}`).digest();
    app.decorate('keyFor', keyFor);
    app.decorate('pageTokens', createSignedTokens(secret));
    app.decorate('reportCodes', createReportCodes(keyFor('report-later code')));
  },
  { name: 'signed-tokens' },
);
