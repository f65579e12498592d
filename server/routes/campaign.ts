import type { FastifyInstance } from 'fastify';
import type { RawLetterForm } from '../campaign/letter-form.ts';
import type { CampaignLookup } from '../campaign/lookup.ts';
import { submitLetterForm } from '../campaign/submit.ts';
import { absoluteUrl, LETTER_FORM_BODY_LIMIT } from './http.ts';
import { showCampaignPage, showNextSteps } from './pages.ts';
import { countryFromLanguages, pageVersion } from '../campaign/page.ts';
import { localPath } from '../i18n/languages.ts';
import { blankLetterPack, officeBinding } from '../next-steps/carried-letter.ts';
import { suggestedFileName } from '../pdf/index.ts';
import { PAGE_COUNTS } from '../guards/verdict.ts';

/** The supporters' pages: the campaign list, a campaign's page with its form, and the form's answer. */
export default async function campaignRoutes(app: FastifyInstance, opts: { lookup: CampaignLookup }) {
  const { catalog } = app;
  const { lookup } = opts;

  app.get('/', async (request, reply) => {
    const campaigns = catalog.listCampaigns();
    if (campaigns.length === 1) return reply.redirect(request.langInUrl ? localPath(request.lang, `/c/${campaigns[0]!.slug}`) : `/c/${campaigns[0]!.slug}`);
    const shown = campaigns.map((campaign) => {
      const version = pageVersion(catalog, campaign, request.lang);
      return { slug: campaign.slug, title: version.campaign.title, summary: version.campaign.summary, contentLang: version.language === request.lang ? undefined : version.language };
    });
    return reply.viewAsync('pages/home.hbs', { pageTitle: request.t('site.home.title'), campaigns: shown });
  });

  // The browser's language may suggest the supporter's country: caches must keep one page per language.
  app.get<{ Params: { slug: string } }>('/c/:slug', async (request, reply) =>
    showCampaignPage(app, reply.header('Vary', 'Accept-Language'), lookup.find(request.params.slug), lookup.now(), {
      suggestedCountry: countryFromLanguages(request.headers['accept-language']),
    }),
  );

  // The proof of work the page's script does while the supporter writes (guards/proof-of-work.ts).
  app.get<{ Params: { slug: string } }>('/c/:slug/challenge', { config: { rateLimit: app.guards.limit('challenge') } }, async (request, reply) => {
    lookup.findOpen(request.params.slug);
    return reply.header('Cache-Control', 'no-store').send(await app.guards.proofOfWork.challenge());
  });

  app.post<{ Params: { slug: string }; Body: RawLetterForm }>('/c/:slug/letters', { bodyLimit: LETTER_FORM_BODY_LIMIT, config: { rateLimit: app.guards.limit('letterForm') } }, async (request, reply) => {
    const campaign = lookup.findOpen(request.params.slug);
    const outcome = submitLetterForm(catalog, campaign, lookup.rulesFor(campaign), request.body ?? {}, request);
    if (outcome.kind === 'form') return showCampaignPage(app, reply, campaign, lookup.now(), outcome.state, outcome.statusCode);
    if (outcome.kind === 'blank') {
      // Not counted: with no office, it is not yet a letter to anyone.
      const now = new Date();
      const pdf = await app.pdf.render({ ...blankLetterPack(campaign, outcome.form, now, outcome.versions), labelsLanguage: request.lang });
      return reply
        .header('Content-Type', 'application/pdf')
        .header('Content-Disposition', `attachment; filename="${suggestedFileName(campaign.slug, now)}"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    }
    // Every supporter gets their letters; what a script sends is counted apart, or not at all (guards/verdict.ts).
    const { verdict } = await app.guards.judgeLetterForm(request, request.body ?? {});
    if (verdict !== 'bot') app.counter.record({ ...outcome.counted, ...(verdict === 'unverified' && { unverified: true }) });
    return showNextSteps(reply, campaign, {
      composed: outcome.composed,
      token: app.pageTokens.issue(campaign.slug, new Date(), officeBinding(outcome.composed.offices), PAGE_COUNTS[verdict]),
      counted: [],
      mailAvailable: app.mailer !== null,
      campaignUrl: absoluteUrl(request, `/c/${campaign.slug}`),
    });
  });
}
