import fp from 'fastify-plugin';
import { createSignedTokens, type SignedTokens } from '../shared/signed-tokens.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Signs the next-steps page's token and the print room's "how many were posted" form. */
    pageTokens: SignedTokens;
  }
}

/** One signing key for the pages' tokens: PAGE_TOKEN_SECRET, the same on every instance, or random per process. */
export default fp(
  async (app, opts: { secret: string | undefined }) => {
    app.decorate('pageTokens', createSignedTokens(opts.secret));
  },
  { name: 'signed-tokens' },
);
