import type { FastifyInstance } from 'fastify';

export default async function healthRoutes(app: FastifyInstance) {
  /** Liveness: the process answers. */
  app.get('/healthz', async () => ({ status: 'ok' }));

  /**
   * Readiness, for a load balancer: the database answers. Kept apart from every other route on purpose, so a
   * database outage never turns supporters' PDF downloads into 503s.
   */
  app.get('/ready', async (_request, reply) => {
    try {
      await app.db.ping();
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unavailable' });
    }
  });
}
