import type { FastifyInstance } from 'fastify';
import { DatabaseFileError } from '../db/client.ts';

export default async function healthRoutes(app: FastifyInstance) {
  /** Liveness: the process answers. */
  app.get('/healthz', async () => ({ status: 'ok' }));

  /**
   * Readiness, for a load balancer and a monitor: the database answers, its file (SQLite) is still the one in use,
   * and the last write of counts worked. Kept apart from every other route on purpose, so a database outage never
   * turns supporters' PDF downloads into 503s; their counts wait in memory meanwhile. The details are in the log
   * (each failed write is logged), not here: this address is public.
   */
  app.get('/ready', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    try {
      await app.db.ping();
    } catch (error) {
      return reply.code(503).send({ status: error instanceof DatabaseFileError ? 'database file missing' : 'database unavailable' });
    }
    // After a failed write, this tries again: a monitor sees a database that works again at once.
    if (!app.counter.health().writing) await app.counter.flush();
    if (!app.counter.health().writing) return reply.code(503).send({ status: 'counts not being written' });
    return { status: 'ready' };
  });
}
