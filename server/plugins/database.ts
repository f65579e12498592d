import fp from 'fastify-plugin';
import { createDatabase, type Database } from '../db/client.ts';
import { applyMigrations } from '../db/migrate.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

/** The database, migrated to the committed schema before the first request. */
export default fp(
  async (app, opts: { databaseUrl: string }) => {
    await applyMigrations(opts.databaseUrl, app.log);
    const db = await createDatabase(opts.databaseUrl);
    app.decorate('db', db);
    app.addHook('onClose', async () => db.close());
  },
  { name: 'database' },
);
