import fp from 'fastify-plugin';
import { loadCatalog, type Catalog } from '../content/catalog.ts';

declare module 'fastify' {
  interface FastifyInstance {
    catalog: Catalog;
  }
}

/** Campaigns and offices, read and validated once at boot: a broken data file stops start-up. */
export default fp(
  async (app, opts: { contentDir: string }) => {
    app.decorate('catalog', await loadCatalog(opts.contentDir));
  },
  { name: 'content' },
);
