import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Campaign } from '../campaigns/schema.ts';
import { AppError, notFound } from '../errors.ts';
import { composeLetterPack } from '../letters/compose.ts';
import { suggestedFileName } from '../pdf/index.ts';
import { campaignPageModel } from './campaign-page.ts';
import { fieldErrors, formActionSchema, letterFormSchema, statePickSchema, type RawLetterForm } from './letter-form.schema.ts';

/** The form carries a letter of a few thousand characters at most: anything far bigger is not a supporter. */
export const LETTER_FORM_BODY_LIMIT = 64 * 1024;

export default async function campaignRoutes(app: FastifyInstance) {
  const { catalog } = app;

  function findCampaign(slug: string) {
    const campaign = catalog.getCampaign(slug);
    // Drafts are for organizers only (a later issue adds their view); to everyone else they do not exist.
    if (!campaign || campaign.status === 'draft') throw notFound('This campaign');
    return campaign;
  }

  // The catalog never changes while the app runs, so each campaign's form rules are built once, not per request.
  const formRules = new Map<string, ReturnType<typeof buildFormRules>>();
  function buildFormRules(campaign: Campaign) {
    const offered = catalog.offeredOffices(campaign);
    const stateCodes = catalog.statesServed(campaign).map((s) => s.code);
    return { offered, letter: letterFormSchema(campaign, offered, stateCodes), statePick: statePickSchema(stateCodes) };
  }
  function rulesFor(campaign: Campaign) {
    let rules = formRules.get(campaign.slug);
    if (!rules) formRules.set(campaign.slug, (rules = buildFormRules(campaign)));
    return rules;
  }

  function showForm(reply: FastifyReply, campaign: Campaign, state?: Parameters<typeof campaignPageModel>[2], statusCode = 200) {
    return reply.code(statusCode).viewAsync('pages/campaign.hbs', campaignPageModel(catalog, campaign, state));
  }

  app.get('/', async (_request, reply) => {
    const campaigns = catalog.listCampaigns();
    if (campaigns.length === 1) return reply.redirect(`/c/${campaigns[0]!.slug}`);
    return reply.viewAsync('pages/home.hbs', { pageTitle: 'Write a letter', campaigns });
  });

  app.get<{ Params: { slug: string } }>('/c/:slug', async (request, reply) => {
    const campaign = findCampaign(request.params.slug);
    return showForm(reply, campaign);
  });

  app.post<{ Params: { slug: string }; Body: RawLetterForm }>(
    '/c/:slug/letters',
    { bodyLimit: LETTER_FORM_BODY_LIMIT },
    async (request, reply) => {
      const campaign = findCampaign(request.params.slug);
      if (campaign.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', 'This campaign has closed. Thank you for wanting to write.', 410);
      const input = (request.body ?? {}) as RawLetterForm;
      const { offered, letter, statePick } = rulesFor(campaign);

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
      const now = new Date();
      const pack = composeLetterPack(
        campaign,
        { name: form.name, address: form.address, ownWords: form.ownWords, paragraphIds: form.paragraphs, offices, paperSize: form.paperSize },
        now,
      );
      const pdf = await app.pdf.render(pack);

      app.counter.record({
        campaign: campaign.slug,
        at: now,
        officeIds: offices.map((o) => o.id),
        paragraphIds: form.paragraphs,
        ownWords: pack.letter.ownWords.length > 0,
        paperSize: form.paperSize,
      });

      return reply
        .header('Content-Type', 'application/pdf')
        .header('Content-Disposition', `attachment; filename="${suggestedFileName(campaign.slug, now)}"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    },
  );
}
