import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** ALTCHA's proof-of-work worker (SHA-256), served from this site like every other script. */
export const PROOF_OF_WORK_WORKER_PATH = '/assets/pow/sha.js';

/** Files browsers ask for at fixed addresses: the icon (pages also link /assets/favicon.svg), and ALTCHA's worker. */
export default async function siteFileRoutes(app: FastifyInstance) {
  app.get('/favicon.ico', async (_request, reply) => reply.header('Cache-Control', 'public, max-age=86400').sendFile('favicon.ico'));

  const worker = readFileSync(fileURLToPath(import.meta.resolve('altcha/workers/sha')));
  app.get(PROOF_OF_WORK_WORKER_PATH, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=86400').send(worker),
  );
}
