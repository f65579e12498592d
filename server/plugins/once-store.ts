import fp from 'fastify-plugin';
import { createDatabaseOnceStore, type OnceStore } from '../next-steps/once-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    onceStore: OnceStore;
  }
}

/** Makes each tally and download count once per page, in the database: across restarts and instances. */
export default fp(
  async (app) => {
    const store = createDatabaseOnceStore(app.db, { logger: app.log });
    app.decorate('onceStore', store);
    app.addHook('onClose', async () => store.close());
  },
  { name: 'once-store', dependencies: ['database'] },
);
