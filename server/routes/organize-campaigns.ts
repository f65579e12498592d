import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { campaignPhase, type Campaign } from '../campaigns/schema.ts';
import { METRIC } from '../counts/metrics.ts';
import { readCampaignCounts } from '../counts/read.ts';
import { sumCounts } from '../db/daily-counts.ts';
import { AppError, notFound } from '../errors.ts';
import { dashboardModel, rangeQuerySchema, type DashboardRange } from '../organize/dashboard.ts';
import type { Office } from '../offices/schema.ts';
import type { PageTokens } from '../next-steps/page-token.ts';
import { campaignPageModel } from './campaign-page.ts';
import { sendCountsCsv, sendCountsJson } from './counts.ts';
import organizePrintRoutes from './organize-print.ts';

export type CsrfToken = (request: FastifyRequest, reply: FastifyReply) => string;

interface CampaignRoute {
  Params: { slug: string };
  Querystring: Record<string, string>;
}

const PHASE_NAMES = { draft: 'Draft: only organizers can see it', live: 'Live', closed: 'Closed' } as const;

/** The signed-in organizer's pages: the campaign list, each campaign's dashboard and exports, draft previews. */
export default async function organizeCampaignRoutes(app: FastifyInstance, opts: { csrfToken: CsrfToken; pageTokens: PageTokens }) {
  const { catalog } = app;
  const { csrfToken } = opts;

  /** Organizers see every campaign, drafts included. */
  function campaignFor(slug: string): Campaign {
    const campaign = catalog.getCampaign(slug);
    if (!campaign) throw notFound('This campaign');
    return campaign;
  }
  /** The range of an export link; a hand-edited bad one gets 400 with the reason. */
  function exportRange(query: Record<string, string>): DashboardRange {
    const parsed = rangeQuerySchema.safeParse(query);
    if (!parsed.success) throw new AppError('BAD_RANGE', parsed.error.issues.map((i) => i.message).join(' '), 400);
    return parsed.data;
  }
  const officesOf = (campaign: Campaign): Office[] => campaign.offices.flatMap((id) => catalog.getOffice(id) ?? []);
  const page = (request: FastifyRequest, reply: FastifyReply, model: Record<string, unknown>) => ({
    organizerPage: true,
    signedIn: true,
    csrfToken: csrfToken(request, reply),
    ...model,
  });

  app.get('/', async (request, reply) => {
    await app.counter.flush();
    const campaigns = await Promise.all(
      catalog.listAllCampaigns().map(async (campaign) => {
        const phase = campaignPhase(campaign);
        return { slug: campaign.slug, title: campaign.title, phase: PHASE_NAMES[phase], isDraft: phase === 'draft', letters: await sumCounts(app.db, campaign.slug, METRIC.letters) };
      }),
    );
    return reply.viewAsync('pages/organize/campaigns.hbs', page(request, reply, { pageTitle: 'Organizers', campaigns }));
  });

  app.get<CampaignRoute>('/c/:slug', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const query = rangeQuerySchema.safeParse(request.query);
    const range: DashboardRange = query.success ? query.data : rangeQuerySchema.parse({});
    await app.counter.flush();
    const [counts, allTimeLetters] = await Promise.all([readCampaignCounts(app.db, campaign.slug, range), sumCounts(app.db, campaign.slug, METRIC.letters)]);
    const model = dashboardModel({ campaign, offices: officesOf(campaign), counts, range, allTimeLetters });
    return reply.code(query.success ? 200 : 400).viewAsync(
      'pages/organize/dashboard.hbs',
      page(request, reply, {
        pageTitle: `Dashboard: ${campaign.title}`,
        ...model,
        phase: PHASE_NAMES[campaignPhase(campaign)],
        // What was typed stays in the date fields, with the message beside them.
        input: query.success ? model.range : { from: request.query.from ?? '', to: request.query.to ?? '' },
        rangeError: query.success ? undefined : query.error.issues[0]?.message,
      }),
    );
  });

  app.get<CampaignRoute>('/c/:slug/counts.csv', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const range = exportRange(request.query);
    await app.counter.flush();
    return sendCountsCsv(app, reply, campaign.slug, range);
  });

  app.get<CampaignRoute>('/c/:slug/counts.json', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const range = exportRange(request.query);
    await app.counter.flush();
    return sendCountsJson(app, reply, campaign.slug, range, true);
  });

  /** The campaign page as supporters will see it, drafts included; its form cannot be sent from here. */
  app.get<CampaignRoute>('/c/:slug/preview', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    return reply.viewAsync('pages/campaign.hbs', { ...campaignPageModel(catalog, campaign), preview: { phase: PHASE_NAMES[campaignPhase(campaign)] } });
  });

  await app.register(organizePrintRoutes, { csrfToken, campaignFor, pageTokens: opts.pageTokens });
}
