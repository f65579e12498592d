import fp from 'fastify-plugin';
import { createCounter, type Counter } from '../counts/counter.ts';

declare module 'fastify' {
  interface FastifyInstance {
    counter: Counter;
  }
}

/**
 * Anonymous counts, tallied in memory and written to the database every flush interval.
 * Registered after the database plugin, so its onClose (the final flush) runs before the database closes.
 */
export default fp(
  async (app, opts: { flushIntervalMs: number }) => {
    const counter = createCounter({ db: app.db, flushIntervalMs: opts.flushIntervalMs, logger: app.log });
    app.decorate('counter', counter);
    app.addHook('onClose', async () => counter.close());
  },
  { name: 'counter', dependencies: ['database'] },
);
