import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Campaign } from '../content/campaign.ts';
import { campaignPageModel, pageVersion, type PageState } from '../campaign/page.ts';
import { nextStepsPageModel, type NextStepsState } from '../next-steps/page.ts';
import { languageSwitch } from '../plugins/i18n.ts';
import { GUARD_FIELDS } from '../guards/verdict.ts';
import { PROOF_OF_WORK_WORKER_PATH } from './site-files.ts';

/** The campaign page with its form; a database that does not answer leaves the letter count out, not the page. */
export async function showCampaignPage(app: FastifyInstance, reply: FastifyReply, campaign: Campaign, now: Date, state?: PageState, statusCode = 200) {
  const letters = await app.counts.publicLetters(campaign.slug);
  const model = campaignPageModel(app.catalog, campaign, reply.request, state, letters, now);
  // Switching language on a page with the form sends the form along (public/js/campaign.js): nothing typed is lost.
  const switcher = model.closed ? {} : { languageSwitch: languageSwitch(reply.request.lang, `/c/${campaign.slug}`, `/c/${campaign.slug}/letters`) };
  // A redrawn form keeps the stamp it was first drawn with (guards/form-stamp.ts); the page is then the supporter's own.
  const carried = state?.input?.[GUARD_FIELDS.stamp];
  const guard = {
    stamp: app.guards.stamps.read(carried).kind === 'read' ? String(carried) : app.guards.stamps.issue(),
    challenge: `/c/${campaign.slug}/challenge`,
    worker: PROOF_OF_WORK_WORKER_PATH,
  };
  return reply.code(statusCode).header('Cache-Control', 'no-store').viewAsync('pages/campaign.hbs', { ...model, ...switcher, guard });
}

/** The next-steps page holds the supporter's letter: never cached, anywhere. It is in the request's language. */
export function showNextSteps(reply: FastifyReply, campaign: Campaign, state: NextStepsState, statusCode = 200) {
  const { t, lang } = reply.request;
  const pageCampaign = pageVersion(reply.server.catalog, campaign, lang).campaign;
  // The page holds the letter in its form: switching language goes back to the campaign's page, in that language.
  const switcher = { languageSwitch: languageSwitch(lang, `/c/${campaign.slug}`) };
  return reply.code(statusCode).header('Cache-Control', 'no-store').viewAsync('pages/next-steps.hbs', { ...nextStepsPageModel(campaign, { pageCampaign, ...state }, { t, lang }), ...switcher });
}
