import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { readCampaignCounts } from '../counts/read.ts';
import { AppError, notFound } from '../errors.ts';

const day = z.iso.date({ error: 'Use a date like 2026-11-22.' });
export const countsQuerySchema = z.object({ from: day.optional(), to: day.optional() }).strict();

export default async function countsRoutes(app: FastifyInstance) {
  app.get<{ Params: { slug: string }; Querystring: Record<string, string> }>('/api/campaigns/:slug/counts', async (request) => {
    const campaign = app.catalog.getCampaign(request.params.slug);
    if (!campaign) throw notFound('This campaign');
    const query = countsQuerySchema.safeParse(request.query);
    if (!query.success) throw new AppError('BAD_QUERY', query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 400);
    // Counts still in memory are written first, so the answer includes every letter made so far.
    await app.counter.flush();
    return readCampaignCounts(app.db, campaign.slug, query.data);
  });
}
