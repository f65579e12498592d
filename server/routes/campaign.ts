import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Campaign } from '../content/campaign.ts';
import type { RawLetterForm } from '../campaign/letter-form.ts';
import type { CampaignLookup } from '../campaign/lookup.ts';
import { campaignPageModel, type PageState } from '../campaign/page.ts';
import { submitLetterForm } from '../campaign/submit.ts';
import { LETTER_FORM_BODY_LIMIT } from './http.ts';
import { showNextSteps } from './next-steps.ts';

/** The supporters' pages: the campaign list, a campaign's page with its form, and the form's answer. */
export default async function campaignRoutes(app: FastifyInstance, opts: { lookup: CampaignLookup; now: () => Date }) {
  const { catalog } = app;
  const { lookup, now } = opts;

  async function showForm(reply: FastifyReply, campaign: Campaign, state?: PageState, statusCode = 200) {
    // A database that does not answer leaves the number out, not the page.
    const letters = await app.counts.publicLetters(campaign.slug);
    return reply.code(statusCode).viewAsync('pages/campaign.hbs', campaignPageModel(catalog, campaign, state, letters, now()));
  }

  app.get('/', async (_request, reply) => {
    const campaigns = catalog.listCampaigns();
    if (campaigns.length === 1) return reply.redirect(`/c/${campaigns[0]!.slug}`);
    return reply.viewAsync('pages/home.hbs', { pageTitle: 'Write a letter', campaigns });
  });

  app.get<{ Params: { slug: string } }>('/c/:slug', async (request, reply) => showForm(reply, lookup.find(request.params.slug)));

  app.post<{ Params: { slug: string }; Body: RawLetterForm }>('/c/:slug/letters', { bodyLimit: LETTER_FORM_BODY_LIMIT }, async (request, reply) => {
    const campaign = lookup.findOpen(request.params.slug);
    const outcome = submitLetterForm(catalog, campaign, lookup.rulesFor(campaign), request.body ?? {});
    if (outcome.kind === 'form') return showForm(reply, campaign, outcome.state, outcome.statusCode);
    app.counter.record(outcome.counted);
    return showNextSteps(reply, campaign, {
      composed: outcome.composed,
      token: app.pageTokens.issue(campaign.slug),
      counted: [],
      mailAvailable: app.mailer !== null,
    });
  });
}
