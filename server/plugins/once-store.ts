import fp from 'fastify-plugin';
import { createMemoryOnceStore, createRedisOnceStore, type OnceStore } from '../next-steps/once-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    onceStore: OnceStore;
  }
}

/** Makes each tally and download count once per page: in memory for one instance, in Redis for several. */
export default fp(
  async (app, opts: { redisUrl: string | undefined }) => {
    const store = opts.redisUrl ? createRedisOnceStore(opts.redisUrl) : createMemoryOnceStore();
    app.decorate('onceStore', store);
    app.addHook('onClose', async () => store.close());
  },
  { name: 'once-store' },
);
