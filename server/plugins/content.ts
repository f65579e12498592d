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
    const catalog = await loadCatalog(opts.contentDir);
    for (const campaign of catalog.listCampaigns()) {
      if (!campaign.organizer) {
        app.log.warn({ campaign: campaign.slug }, 'this live campaign does not say who runs it: add "organizer" to its campaign.json (see the README)');
      }
    }
    app.decorate('catalog', catalog);
  },
  { name: 'content' },
);
