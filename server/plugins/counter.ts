import fp from 'fastify-plugin';
import { createCounter, type Counter } from '../counts/counter.ts';
import { createCountsReader, type CountsReader } from '../counts/read.ts';

declare module 'fastify' {
  interface FastifyInstance {
    counter: Counter;
    /** Reads counts, writing what the counter holds first. */
    counts: CountsReader;
  }
}

/**
 * Anonymous counts, tallied in memory and written to the database every flush interval, and read back through the
 * same counter. Registered after the database plugin, so its onClose (the final flush) runs before the database closes.
 */
export default fp(
  async (app, opts: { flushIntervalMs: number; journalDir: string }) => {
    const counter = createCounter({ db: app.db, flushIntervalMs: opts.flushIntervalMs, journalDir: opts.journalDir, logger: app.log });
    app.decorate('counter', counter);
    app.decorate('counts', createCountsReader({ db: app.db, counter, logger: app.log }));
    app.addHook('onClose', async () => counter.close());
  },
  { name: 'counter', dependencies: ['database'] },
);
