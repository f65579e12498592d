import type { FastifyInstance, FastifyRequest } from 'fastify';
import { campaignPhase } from '../../content/campaign.ts';
import { countsWideCsv } from '../../counts/export.ts';
import { dashboardRangeSchema, daysOf, type DashboardRange } from '../../counts/range.ts';
import { campaignPageModel } from '../../campaign/page.ts';
import { dashboardModel, phaseName, wideColumnsOf } from '../../organize/dashboard.ts';
import { AppError } from '../../shared/errors.ts';
import { DEFAULT_LANGUAGE } from '../../i18n/languages.ts';
import { sendCountsCsv, sendCountsJson } from '../counts.ts';
import type { OrganizerContext } from './context.ts';

interface CampaignRoute {
  Params: { slug: string };
  Querystring: Record<string, string>;
}

/** The signed-in organizer's pages: the campaign list, each campaign's dashboard and exports, draft previews. */
export default async function organizeCampaignRoutes(app: FastifyInstance, opts: { context: OrganizerContext }) {
  const { catalog } = app;
  const { page, campaignFor } = opts.context;
  /** The dashboard's range, its messages in the page's language. */
  const rangeSchemaFor = (request: FastifyRequest) => dashboardRangeSchema(request.t);

  /** The range of an export link; a hand-edited bad one gets 400 with the reason, in the page's language. */
  function exportRange(request: FastifyRequest<CampaignRoute>): DashboardRange {
    const parsed = rangeSchemaFor(request).safeParse(request.query);
    if (!parsed.success) throw new AppError('BAD_RANGE', parsed.error.issues.map((i) => i.message).join(' '), 400);
    return parsed.data;
  }

  app.get('/', async (request, reply) => {
    const campaigns = await Promise.all(
      catalog.listAllCampaigns().map(async (campaign) => {
        const phase = campaignPhase(campaign);
        return { slug: campaign.slug, title: campaign.title, phase: phaseName(request.t, phase), isDraft: phase === 'draft', letters: await app.counts.letters(campaign.slug) };
      }),
    );
    return reply.viewAsync('pages/organize/campaigns.hbs', page(request, reply, { pageTitle: request.t('organize.campaigns.title'), campaigns }));
  });

  app.get<CampaignRoute>('/c/:slug', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const rangeSchema = rangeSchemaFor(request);
    const query = rangeSchema.safeParse(request.query);
    const range: DashboardRange = query.success ? query.data : rangeSchema.parse({});
    const [counts, allTimeLetters] = await Promise.all([app.counts.campaign(campaign.slug, range), app.counts.letters(campaign.slug)]);
    const model = dashboardModel({ campaign, offices: catalog.officesOf(campaign), counts, range, allTimeLetters, t: request.t, language: request.lang });
    return reply.code(query.success ? 200 : 400).viewAsync(
      'pages/organize/dashboard.hbs',
      page(request, reply, {
        pageTitle: request.t('organize.dashboard.title', { campaign: campaign.title }),
        ...model,
        // What was typed stays in the date fields, with the message beside them.
        input: query.success ? model.range : { from: request.query.from ?? '', to: request.query.to ?? '' },
        rangeError: query.success ? undefined : query.error.issues[0]?.message,
      }),
    );
  });

  app.get<CampaignRoute>('/c/:slug/counts.csv', async (request, reply) =>
    sendCountsCsv(app, reply, campaignFor(request.params.slug).slug, exportRange(request)),
  );

  /** One row per day of the range, one column per measure: what a spreadsheet reads best. */
  app.get<CampaignRoute>('/c/:slug/counts-by-day.csv', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const range = exportRange(request);
    const csv = countsWideCsv(await app.counts.campaign(campaign.slug, range), daysOf(range), wideColumnsOf(campaign, catalog.officesOf(campaign), app.messages.forLanguage(DEFAULT_LANGUAGE)));
    return reply
      .header('Cache-Control', 'no-store')
      .header('Content-Disposition', `attachment; filename="${campaign.slug}-counts-by-day-${range.from}-to-${range.to}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(csv);
  });

  app.get<CampaignRoute>('/c/:slug/counts.json', async (request, reply) =>
    sendCountsJson(app, reply, campaignFor(request.params.slug).slug, exportRange(request), true),
  );

  /** The campaign page as supporters will see it, drafts included; its form cannot be sent from here. */
  app.get<CampaignRoute>('/c/:slug/preview', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const model = campaignPageModel(catalog, campaign, request);
    return reply.viewAsync('pages/campaign.hbs', { ...model, preview: { phase: phaseName(request.t, campaignPhase(campaign)) } });
  });
}
