import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Campaign } from '../campaigns/schema.ts';
import { METRIC } from '../counts/metrics.ts';
import { sumCounts } from '../db/daily-counts.ts';
import { toParagraphs } from '../letters/text.ts';
import { within } from '../within.ts';
import type { PageTokens } from '../next-steps/page-token.ts';
import type { CampaignLookup } from './campaign-lookup.ts';
import { campaignPageModel } from './campaign-page.ts';
import { fieldErrors, formActionSchema, type RawLetterForm } from './letter-form.schema.ts';
import { nextStepsPageModel, type NextStepsState } from './next-steps-page.ts';

/** The form carries a letter of a few thousand characters at most: anything far bigger is not a supporter. */
export const LETTER_FORM_BODY_LIMIT = 64 * 1024;

export default async function campaignRoutes(app: FastifyInstance, opts: { lookup: CampaignLookup; pageTokens: PageTokens }) {
  const { catalog } = app;
  const { lookup, pageTokens } = opts;

  /** Letters written so far, for the page; a database that does not answer leaves the number out, not the page. */
  async function lettersSoFar(reply: FastifyReply, campaign: Campaign): Promise<number | undefined> {
    const outcome = await within(sumCounts(app.db, campaign.slug, METRIC.letters), 1000);
    if (outcome.kind === 'done') return outcome.value;
    reply.log.warn({ err: outcome.kind === 'failed' ? outcome.err : new Error('database slower than 1 s') }, 'letters so far not read');
    return undefined;
  }

  async function showForm(reply: FastifyReply, campaign: Campaign, state?: Parameters<typeof campaignPageModel>[2], statusCode = 200) {
    const letters = await lettersSoFar(reply, campaign);
    return reply.code(statusCode).viewAsync('pages/campaign.hbs', campaignPageModel(catalog, campaign, state, letters));
  }

  app.get('/', async (_request, reply) => {
    const campaigns = catalog.listCampaigns();
    if (campaigns.length === 1) return reply.redirect(`/c/${campaigns[0]!.slug}`);
    return reply.viewAsync('pages/home.hbs', { pageTitle: 'Write a letter', campaigns });
  });

  app.get<{ Params: { slug: string } }>('/c/:slug', async (request, reply) => {
    const campaign = lookup.find(request.params.slug);
    return showForm(reply, campaign);
  });

  app.post<{ Params: { slug: string }; Body: RawLetterForm }>(
    '/c/:slug/letters',
    { bodyLimit: LETTER_FORM_BODY_LIMIT },
    async (request, reply) => {
      const campaign = lookup.findOpen(request.params.slug);
      const input = (request.body ?? {}) as RawLetterForm;
      const { offered, letter, statePick } = lookup.rulesFor(campaign);

      if (formActionSchema.parse(input.action) === 'pick-state') {
        const picked = statePick.safeParse(input);
        if (!picked.success) return showForm(reply, campaign, { input, errors: fieldErrors(picked.error) }, 400);
        const forState = catalog.officesForState(campaign, picked.data.state);
        return showForm(reply, campaign, {
          input,
          officeIdsForState: forState.map((o) => o.id),
          notice: `Ticked the office for your state: ${forState.map((o) => o.city).join(' and ')}. You can tick more.`,
        });
      }

      const parsed = letter.safeParse(input);
      if (!parsed.success) return showForm(reply, campaign, { input, errors: fieldErrors(parsed.error) }, 400);
      const form = parsed.data;
      const offices = form.recipients === 'all' ? offered : offered.filter((o) => form.offices.includes(o.id));

      // Counted when composed: what the supporter then does with the letters is counted by the next-steps page.
      app.counter.record({
        campaign: campaign.slug,
        officeIds: offices.map((o) => o.id),
        paragraphIds: form.paragraphs,
        ownWords: toParagraphs(form.ownWords).length > 0,
        paperSize: form.paperSize,
      });

      return showNextSteps(reply, campaign, {
        composed: { form, offices },
        token: pageTokens.issue(campaign.slug),
        counted: [],
        mailAvailable: app.mailer !== null,
      });
    },
  );
}

/** The next-steps page holds the supporter's letter: never cached, anywhere. */
export function showNextSteps(reply: FastifyReply, campaign: Campaign, state: NextStepsState, statusCode = 200) {
  return reply.code(statusCode).header('Cache-Control', 'no-store').viewAsync('pages/next-steps.hbs', nextStepsPageModel(campaign, state));
}
