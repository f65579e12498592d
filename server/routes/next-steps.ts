import { pageVersion } from '../campaign/page.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Campaign } from '../content/campaign.ts';
import type { CampaignLookup } from '../campaign/lookup.ts';
import { formInputOf, letterPackOf, officeBinding, readCarriedLetter, type ComposedLetter } from '../next-steps/carried-letter.ts';
import { emailLetters } from '../next-steps/email-me.ts';
import { firstTime } from '../next-steps/once-store.ts';
import type { NextStepsState } from '../next-steps/page.ts';
import { countTally, EMAIL_ACTION, parseCounted, tallyStatus, tallyTarget, tallyValue } from '../next-steps/tallies.ts';
import { hasFax } from '../content/office.ts';
import { localPath } from '../i18n/languages.ts';
import { countingKeyOf } from '../next-steps/report-later.ts';
import { suggestedFileName, type ReportLater } from '../pdf/index.ts';
import { AppError } from '../shared/errors.ts';
import type { PageCounts } from '../shared/signed-tokens.ts';
import { asText, type RawForm } from '../shared/form-input.ts';
import { absoluteUrl, LETTER_FORM_BODY_LIMIT, wantsJson } from './http.ts';
import { emailAddressError, packKindSchema, supporterEmailSchema } from './next-steps.schema.ts';
import { showCampaignPage, showNextSteps } from './pages.ts';
import { reportPath } from './report-later.ts';

// The AppErrors' English stays for the JSON API; pages word them from next-steps.errorCodes.<code>.
const EXPIRED = new AppError(
  'PAGE_EXPIRED',
  'This page has expired or was changed, so it can no longer make or count letters. Nothing you typed was kept: please write your letter again.',
  400,
);

interface PageRoute {
  Params: { slug: string };
  Body: RawForm;
  Querystring: { view?: string };
}

interface Page {
  campaign: Campaign;
  body: RawForm;
  composed: ComposedLetter;
  token: string;
  nonce: string;
  counted: string[];
  /** How its buttons count: as usual, apart ('unverified'), or not at all ('none'). */
  counts?: PageCounts;
}

/**
 * The buttons of the next-steps page. Each request carries the letter (a hidden field) and the page's signed
 * token; the token's nonce makes every download, tally and email count once per page, on any instance.
 */
export default async function nextStepsRoutes(app: FastifyInstance, opts: { lookup: CampaignLookup }) {
  const { lookup } = opts;
  const { pageTokens, onceStore } = app;

  /** What every button of the page posts: its campaign (open), the page's token and the letter it carries. */
  function readPage(request: FastifyRequest<PageRoute>): Page {
    const campaign = lookup.findOpen(request.params.slug);
    const body = request.body ?? {};
    const token = asText(body.token);
    const verified = pageTokens.verify(token, campaign.slug);
    const composed = verified && readCarriedLetter(body.letter, lookup.rulesFor(campaign));
    if (!verified || !composed) throw EXPIRED;
    // Bound to the offices the letter was written to: tokens drawn before the binding existed carry none.
    if (verified.binding !== undefined && verified.binding !== officeBinding(composed.offices)) throw EXPIRED;
    return { campaign, body, composed, token, nonce: verified.nonce, counted: parseCounted(body.counted), counts: verified.counts };
  }

  function redraw(reply: FastifyReply, page: Page, extra: Partial<NextStepsState>, statusCode = 200) {
    const { campaign, composed, token, counted } = page;
    const campaignUrl = absoluteUrl(reply.request, `/c/${campaign.slug}`);
    return showNextSteps(reply, campaign, { composed, token, counted, mailAvailable: app.mailer !== null, campaignUrl, ...extra }, statusCode);
  }

  /**
   * The address page's code for reporting later, for this page's letter. Its links keep the language the URL named;
   * without one, the report page is in the browser's language, as this page was.
   */
  function reportLaterOf(request: FastifyRequest, page: Page, now: Date): ReportLater | undefined {
    const { campaign, composed, nonce } = page;
    // A code would count as usual days later: an unverified letter's address page has none.
    if (page.counts !== undefined) return undefined;
    const { code, until } = app.reportCodes.issue(campaign.slug, countingKeyOf(nonce), composed.offices, app.catalog.officesOf(campaign), now);
    const own = (path: string) => absoluteUrl(request, request.langInUrl ? localPath(request.lang, path) : path);
    return { code, until, link: own(reportPath(campaign.slug, code)), entry: own(reportPath(campaign.slug)) };
  }

  const withCounted = (page: Page, value: string) => ({ ...page, counted: [...new Set([...page.counted, value])] });

  app.post<PageRoute>('/c/:slug/letters/pdf', { bodyLimit: LETTER_FORM_BODY_LIMIT, config: { rateLimit: app.guards.limit('pageButton') } }, async (request, reply) => {
    const page = readPage(request);
    const { campaign, composed } = page;
    const kind = packKindSchema.safeParse(page.body.kind);
    if (!kind.success) throw new AppError('BAD_KIND', 'Choose letters, envelopes or the fax pack.', 400);
    if (kind.data === 'fax' && !composed.offices.some(hasFax)) {
      throw new AppError('NO_FAX', 'None of the offices you chose has a fax number. Please post or email your letters instead.', 400);
    }
    const now = new Date();
    const reportLater = kind.data === 'letter' ? reportLaterOf(request, page, now) : undefined;
    const pdf = await app.pdf.render({ ...letterPackOf(campaign, composed, now), kind: kind.data, reportLater, labelsLanguage: request.lang });
    if (page.counts === undefined && (await firstTime(onceStore, page.nonce, `pack:${kind.data}`, pageTokens.ttlMs, request.log))) {
      app.counter.record({ type: 'download', campaign: campaign.slug, kind: kind.data });
    }
    const disposition = request.query.view === 'inline' ? 'inline' : 'attachment';
    return reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `${disposition}; filename="${suggestedFileName(campaign.slug, now, kind.data)}"`)
      .header('Cache-Control', 'no-store')
      .send(pdf);
  });

  /** "Change my letter": the campaign form again, filled in with the letter the page carries. */
  app.post<PageRoute>('/c/:slug/letters/edit', { bodyLimit: LETTER_FORM_BODY_LIMIT, config: { rateLimit: app.guards.limit('pageButton') } }, async (request, reply) => {
    const { campaign, composed } = readPage(request);
    return showCampaignPage(app, reply.header('Cache-Control', 'no-store'), campaign, lookup.now(), { input: formInputOf(composed) });
  });

  app.post<PageRoute>('/c/:slug/letters/tally', { bodyLimit: LETTER_FORM_BODY_LIMIT, config: { rateLimit: app.guards.limit('pageButton') } }, async (request, reply) => {
    const page = readPage(request);
    const { campaign } = page;
    const target = tallyTarget(page.body.tally, page.composed.offices);
    if (!target) throw new AppError('BAD_TALLY', 'That button does not belong to this page. Please use the buttons beside your offices.', 400);
    const { tally, office } = target;
    const value = tallyValue(tally);
    // Counted once with the same tally made later with the address page's code.
    const outcome = await countTally(
      { onceStore, counter: app.counter, logger: request.log },
      { campaign: campaign.slug, countingKey: countingKeyOf(page.nonce), tally, counts: page.counts },
    );
    const status = tallyStatus(request.t, outcome, office, tally.channel);
    if (wantsJson(request)) return reply.header('Cache-Control', 'no-store').send({ outcome, tally: value, message: status.message });
    return redraw(reply, outcome === 'not-recorded' ? page : withCounted(page, value), { status });
  });

  app.post<PageRoute>('/c/:slug/letters/email', { bodyLimit: LETTER_FORM_BODY_LIMIT, config: { rateLimit: app.guards.limit('email') } }, async (request, reply) => {
    const page = readPage(request);
    const { mailer } = app;
    if (!mailer) throw new AppError('MAIL_OFF', 'Emailing letters is not available on this site. Please download your PDF instead.', 404);
    const json = wantsJson(request);
    const typed = asText(page.body.email);

    const address = supporterEmailSchema.safeParse({ email: page.body.email });
    if (!address.success) {
      const message = emailAddressError(request.t, address.error);
      if (json) return reply.code(400).send({ outcome: 'invalid', message });
      return redraw(reply, page, { emailInput: typed, emailError: message }, 400);
    }

    const { outcome, message } = await emailLetters(
      { mailer, onceStore, ttlMs: pageTokens.ttlMs, renderPdf: (pack) => app.pdf.render(pack), counter: app.counter, logger: request.log },
      { campaign: page.campaign, composed: page.composed, nonce: page.nonce, to: address.data.email, reportLater: reportLaterOf(request, page, new Date()),
        t: request.t,
        lang: request.lang,
        title: pageVersion(app.catalog, page.campaign, request.lang).campaign.title,
      },
    );
    if (json) return reply.header('Cache-Control', 'no-store').send({ outcome, message });
    const notSent = outcome === 'not-sent';
    return redraw(reply, notSent ? page : withCounted(page, EMAIL_ACTION), {
      status: { tone: notSent ? 'error' : 'success', message },
      emailInput: notSent ? typed : '',
    });
  });
}
