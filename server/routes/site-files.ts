import type { FastifyInstance } from 'fastify';

/** Files browsers ask for at fixed addresses: the icon (pages also link /assets/favicon.svg). */
export default async function siteFileRoutes(app: FastifyInstance) {
  app.get('/favicon.ico', async (_request, reply) => reply.header('Cache-Control', 'public, max-age=86400').sendFile('favicon.ico'));
}
