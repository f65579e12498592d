import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Campaign } from '../content/campaign.ts';
import { campaignPageModel, pageVersion, type PageState } from '../campaign/page.ts';
import { nextStepsPageModel, type NextStepsState } from '../next-steps/page.ts';

/** The campaign page with its form; a database that does not answer leaves the letter count out, not the page. */
export async function showCampaignPage(app: FastifyInstance, reply: FastifyReply, campaign: Campaign, now: Date, state?: PageState, statusCode = 200) {
  const letters = await app.counts.publicLetters(campaign.slug);
  return reply.code(statusCode).viewAsync('pages/campaign.hbs', campaignPageModel(app.catalog, campaign, state, letters, now, reply.request));
}

/** The next-steps page holds the supporter's letter: never cached, anywhere. It is in the request's language. */
export function showNextSteps(reply: FastifyReply, campaign: Campaign, state: NextStepsState, statusCode = 200) {
  const { t, lang } = reply.request;
  const pageCampaign = pageVersion(reply.server.catalog, campaign, lang).campaign;
  return reply.code(statusCode).header('Cache-Control', 'no-store').viewAsync('pages/next-steps.hbs', nextStepsPageModel(campaign, { pageCampaign, ...state }, { t, lang }));
}
