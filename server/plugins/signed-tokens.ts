import { randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import { createReportCodes, type ReportCodes } from '../next-steps/report-later.ts';
import { createSignedTokens, type SignedTokens } from '../shared/signed-tokens.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Signs the next-steps page's token and the print room's "how many were posted" form. */
    pageTokens: SignedTokens;
    /** Signs the code on the address page that reports, days later, how the letters were sent. */
    reportCodes: ReportCodes;
  }
}

/** One signing key for the pages' tokens and codes: PAGE_TOKEN_SECRET, the same on every instance, or random per process. */
export default fp(
  async (app, opts: { secret: string | undefined }) => {
    const secret = opts.secret ?? randomBytes(32);
    app.decorate('pageTokens', createSignedTokens(secret));
    app.decorate('reportCodes', createReportCodes(secret));
  },
  { name: 'signed-tokens' },
);
