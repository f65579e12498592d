import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { countsCsv } from '../counts/export.ts';
import { dayRangeSchema, type DayRange } from '../counts/range.ts';
import { tokenMatches } from '../organize/credential.ts';
import { AppError, notFound } from '../shared/errors.ts';

const jsonQuerySchema = dayRangeSchema.extend({ download: z.literal('1').optional() });

/** Exact counts are for organizers: small numbers read off a public page could say too much about one supporter. */
function requireToken(expected: string) {
  return async (request: FastifyRequest) => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!tokenMatches(expected, given)) {
      throw new AppError('UNAUTHORIZED', 'Send the organizers\' counts token as "Authorization: Bearer <token>".', 401);
    }
  };
}

interface CountsRoute {
  Params: { slug: string };
  Querystring: Record<string, string>;
}

export default async function countsRoutes(app: FastifyInstance, opts: { token: string | undefined }) {
  const { token } = opts;
  const options = token ? { onRequest: requireToken(token) } : {};

  /** The campaign and the parsed query, once every check has passed. */
  function countsRequest<T extends z.ZodType>(request: FastifyRequest<CountsRoute>, schema: T) {
    if (!token) throw new AppError('COUNTS_API_OFF', 'The counts API is off: set COUNTS_TOKEN to turn it on.', 404);
    const campaign = app.catalog.getCampaign(request.params.slug);
    if (!campaign) throw notFound('This campaign');
    const query = schema.safeParse(request.query);
    if (!query.success) throw new AppError('BAD_QUERY', query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 400);
    return { slug: campaign.slug, query: query.data };
  }

  app.get<CountsRoute>('/api/campaigns/:slug/counts', options, async (request, reply) => {
    const { slug, query } = countsRequest(request, jsonQuerySchema);
    return sendCountsJson(app, reply, slug, query, query.download === '1');
  });

  app.get<CountsRoute>('/api/campaigns/:slug/counts.csv', options, async (request, reply) => {
    const { slug, query } = countsRequest(request, dayRangeSchema);
    return sendCountsCsv(app, reply, slug, query);
  });
}

/** The daily counts as JSON; as a file to save when `download`. Also served to signed-in organizers. */
export async function sendCountsJson(app: FastifyInstance, reply: FastifyReply, slug: string, range: DayRange, download: boolean) {
  reply.header('Cache-Control', 'no-store');
  if (download) reply.header('Content-Disposition', `attachment; filename="${slug}-counts.json"`);
  return reply.send(await app.counts.campaign(slug, range));
}

/** The daily counts as a spreadsheet-safe CSV file. */
export async function sendCountsCsv(app: FastifyInstance, reply: FastifyReply, slug: string, range: DayRange) {
  const rows = await app.counts.rows(slug, range);
  return reply
    .header('Cache-Control', 'no-store')
    .header('Content-Disposition', `attachment; filename="${slug}-counts-${range.from ?? 'start'}-to-${range.to ?? 'today'}.csv"`)
    .type('text/csv; charset=utf-8')
    .send(countsCsv(rows, slug));
}
