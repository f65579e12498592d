import { pageVersion } from '../campaign/page.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Campaign } from '../content/campaign.ts';
import type { CampaignLookup } from '../campaign/lookup.ts';
import { localPath } from '../i18n/languages.ts';
import { normalizeCode, type ReportCode } from '../next-steps/report-later.ts';
import { codeError, reportPageModel, type ReportPageState } from '../next-steps/report-page.ts';
import { countTally, parseCounted, tallyStatus, tallyTarget, tallyValue } from '../next-steps/tallies.ts';
import { AppError } from '../shared/errors.ts';
import { asText, type RawForm } from '../shared/form-input.ts';

/** Where the address page's code is typed (no code) or opened (with one). */
export const reportPath = (slug: string, code?: string) => `/c/${slug}/report${code ? `/${code}` : ''}`;

interface CodeRoute {
  Params: { slug: string; code: string };
  Body: RawForm;
}

/**
 * Reporting later how the letters were sent, with the code printed on the address page. The code is the only state;
 * nothing is kept. Like the next-steps page, it counts nothing once the campaign has closed.
 */
export default async function reportLaterRoutes(app: FastifyInstance, opts: { lookup: CampaignLookup }) {
  const { lookup } = opts;
  const { reportCodes, onceStore, catalog } = app;

  const read = (campaign: Campaign, typed: string): ReportCode | undefined =>
    reportCodes.read(campaign.slug, typed, catalog.officesOf(campaign), lookup.now());

  function show(reply: FastifyReply, campaign: Campaign, state: ReportPageState, code?: string, statusCode = 200) {
    const { t, lang } = reply.request;
    // The page names the campaign in its own language when the campaign has it.
    const shown = pageVersion(catalog, campaign, lang).campaign;
    const model = reportPageModel(shown, state, { entry: reportPath(campaign.slug), code: code && reportPath(campaign.slug, code) }, { t, lang });
    return reply.code(statusCode).header('Cache-Control', 'no-store').viewAsync('pages/report.hbs', model);
  }

  // The code names them in the campaign's order.
  const officesOf = (campaign: Campaign, report: ReportCode) => catalog.officesOf(campaign).filter((o) => report.officeIds.includes(o.id));
  const wrongCode = (reply: FastifyReply, campaign: Campaign, typed: string) =>
    show(reply, campaign, { typed: typed.slice(0, 80), error: codeError(reply.request.t) }, undefined, 400);
  // A redirect keeps the language the URL named; without one, the next page is in the browser's language too.
  const ownPath = (request: FastifyRequest, path: string) => (request.langInUrl ? localPath(request.lang, path) : path);

  app.get<{ Params: { slug: string }; Querystring: { code?: string } }>('/c/:slug/report', async (request, reply) => {
    const campaign = lookup.findOpen(request.params.slug);
    const typed = asText(request.query.code).slice(0, 80);
    if (!typed) return show(reply, campaign, {});
    if (!read(campaign, typed)) return wrongCode(reply, campaign, typed);
    return reply.redirect(ownPath(request, reportPath(campaign.slug, normalizeCode(typed))), 303);
  });

  app.get<CodeRoute>('/c/:slug/report/:code', async (request, reply) => {
    const campaign = lookup.findOpen(request.params.slug);
    const { code } = request.params;
    const report = read(campaign, code);
    if (!report) return wrongCode(reply, campaign, code);
    return show(reply, campaign, { report: { code: normalizeCode(code), offices: officesOf(campaign, report) } }, code);
  });

  app.post<CodeRoute>('/c/:slug/report/:code', { config: { rateLimit: app.guards.limit('pageButton') } }, async (request, reply) => {
    const campaign = lookup.findOpen(request.params.slug);
    const { code } = request.params;
    const report = read(campaign, code);
    if (!report) return wrongCode(reply, campaign, code);
    const offices = officesOf(campaign, report);
    const body = request.body ?? {};
    const target = tallyTarget(body.tally, offices);
    // Its own code: the page's words for it (next-steps.errorCodes) are not the next-steps page's BAD_TALLY.
    if (!target) throw new AppError('BAD_REPORT_TALLY', 'That button does not belong to this code. Please use the buttons beside your offices.', 400);
    const { tally, office } = target;
    const outcome = await countTally({ onceStore, counter: app.counter, logger: request.log }, { campaign: campaign.slug, countingKey: report.countingKey, tally });
    const counted = parseCounted(body.counted);
    return show(
      reply,
      campaign,
      {
        report: { code: normalizeCode(code), offices },
        counted: outcome === 'not-recorded' ? counted : [...counted, tallyValue(tally)],
        status: tallyStatus(request.t, outcome, office, tally.channel),
      },
      code,
    );
  });
}
