import type { FastifyInstance } from 'fastify';
export default async function organizePrintRoutes(_app: FastifyInstance, _opts: unknown) {}
