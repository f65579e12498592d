import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Campaign } from '../campaigns/schema.ts';
import { AppError } from '../errors.ts';
import { MailNotSentError } from '../mail/mailer.ts';
import { officeTitle } from '../offices/schema.ts';
import { onceKey, type OnceStore } from '../next-steps/once-store.ts';
import type { PageTokens } from '../next-steps/page-token.ts';
import { suggestedFileName, type PackKind } from '../pdf/index.ts';
import type { CampaignLookup } from './campaign-lookup.ts';
import { showNextSteps, LETTER_FORM_BODY_LIMIT } from './campaigns.ts';
import { asText, type RawLetterForm } from './letter-form.schema.ts';
import type { NextStepsState } from './next-steps-page.ts';
import {
  officeTakes,
  packKindSchema,
  parseCounted,
  parseTally,
  letterPackOf,
  readCarriedLetter,
  supporterEmailSchema,
  tallyValue,
  type ComposedLetter,
} from './next-steps.schema.ts';

type Outcome = 'counted' | 'already-counted' | 'not-recorded';

const EXPIRED = new AppError(
  'PAGE_EXPIRED',
  'This page has expired or was changed, so it can no longer make or count letters. Nothing you typed was kept: please write your letter again.',
  400,
);

const wantsJson = (request: FastifyRequest) => {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
};

const REASONS: Record<MailNotSentError['reason'], string> = {
  timeout: 'the mail server did not answer in time',
  refused: 'the mail server could not be reached',
  rejected: 'the mail server refused the address',
  failed: 'the mail server reported a problem',
};

/**
 * The buttons of the next-steps page. Each request carries the letter (a hidden field) and the page's signed
 * token; the token's nonce makes every download, tally and email count once per page, on any instance.
 */
export default async function nextStepsRoutes(app: FastifyInstance, opts: { lookup: CampaignLookup; pageTokens: PageTokens }) {
  const { lookup, pageTokens } = opts;
  const store: OnceStore = app.onceStore;

  interface Page {
    campaign: Campaign;
    body: RawLetterForm;
    composed: ComposedLetter;
    token: string;
    nonce: string;
    counted: string[];
  }

  /** What every button of the page posts: its campaign (open), the page's token and the letter it carries. */
  function readPage(request: FastifyRequest<{ Params: { slug: string }; Body: RawLetterForm }>): Page {
    const campaign = lookup.findOpen(request.params.slug);
    const body = (request.body ?? {}) as RawLetterForm;
    const token = asText(body.token);
    const verified = pageTokens.verify(token, campaign.slug);
    const composed = verified && readCarriedLetter(body.letter, lookup.rulesFor(campaign));
    if (!verified || !composed) throw EXPIRED;
    return { campaign, body, composed, token, nonce: verified.nonce, counted: parseCounted(body.counted) };
  }

  /** True the first time this page does `action`; false after. When the store is down, nothing is counted. */
  async function firstTime(request: FastifyRequest, nonce: string, action: string): Promise<boolean | undefined> {
    try {
      return await store.claim(onceKey(nonce, action), pageTokens.ttlMs);
    } catch (err) {
      request.log.warn({ err: { name: (err as Error).name } }, 'once-store unavailable: not counted');
      return undefined;
    }
  }

  function redraw(reply: FastifyReply, page: Page, extra: Partial<NextStepsState>, statusCode = 200) {
    const { campaign, composed, token, counted } = page;
    return showNextSteps(reply, campaign, { composed, token, counted, mailAvailable: app.mailer !== null, ...extra }, statusCode);
  }

  const packFor = ({ campaign, composed }: Page, kind: PackKind, now: Date) => ({ ...letterPackOf(campaign, composed, now), kind });

  app.post<{ Params: { slug: string }; Body: RawLetterForm; Querystring: { view?: string } }>(
    '/c/:slug/letters/pdf',
    { bodyLimit: LETTER_FORM_BODY_LIMIT },
    async (request, reply) => {
      const page = readPage(request);
      const { campaign, body } = page;
      const kind = packKindSchema.safeParse(body.kind);
      if (!kind.success) throw new AppError('BAD_KIND', 'Choose letters, envelopes or the fax pack.', 400);
      if (kind.data === 'fax' && !page.composed.offices.some((o) => o.fax)) {
        throw new AppError('NO_FAX', 'None of the offices you chose has a fax number. Please post or email your letters instead.', 400);
      }
      const now = new Date();
      const pdf = await app.pdf.render(packFor(page, kind.data, now));
      if (await firstTime(request, page.nonce, `pack:${kind.data}`)) {
        app.counter.record({ type: 'download', campaign: campaign.slug, kind: kind.data });
      }
      const disposition = request.query.view === 'inline' ? 'inline' : 'attachment';
      return reply
        .header('Content-Type', 'application/pdf')
        .header('Content-Disposition', `${disposition}; filename="${suggestedFileName(campaign.slug, now, kind.data)}"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    },
  );

  app.post<{ Params: { slug: string }; Body: RawLetterForm }>(
    '/c/:slug/letters/tally',
    { bodyLimit: LETTER_FORM_BODY_LIMIT },
    async (request, reply) => {
      const page = readPage(request);
      const { campaign, body } = page;
      const tally = parseTally(body.tally);
      const office = tally && page.composed.offices.find((o) => o.id === tally.officeId);
      if (!tally || !office || !officeTakes(office, tally.channel)) {
        throw new AppError('BAD_TALLY', 'That button does not belong to this page. Please use the buttons beside your offices.', 400);
      }
      const value = tallyValue(tally);
      const first = await firstTime(request, page.nonce, `tally:${value}`);
      if (first) app.counter.record({ type: 'tally', campaign: campaign.slug, channel: tally.channel, officeId: office.id });
      const outcome: Outcome = first === undefined ? 'not-recorded' : first ? 'counted' : 'already-counted';
      const place = officeTitle(office);
      const message = {
        counted: `Thank you: your letter to the ${place} is counted as ${tally.channel}. Only the number is kept.`,
        'already-counted': `Already counted: your letter to the ${place}, as ${tally.channel}.`,
        'not-recorded': 'Thank you. We could not record this just now; please try the button again in a minute.',
      }[outcome];
      if (wantsJson(request)) return reply.header('Cache-Control', 'no-store').send({ outcome, tally: value, message });
      const counted = outcome === 'not-recorded' ? page.counted : [...new Set([...page.counted, value])];
      return redraw(reply, { ...page, counted }, { status: { tone: outcome === 'not-recorded' ? 'warning' : 'success', message } });
    },
  );

  app.post<{ Params: { slug: string }; Body: RawLetterForm }>(
    '/c/:slug/letters/email',
    { bodyLimit: LETTER_FORM_BODY_LIMIT },
    async (request, reply) => {
      const page = readPage(request);
      const { campaign, body } = page;
      const mailer = app.mailer;
      if (!mailer) throw new AppError('MAIL_OFF', 'Emailing letters is not available on this site. Please download your PDF instead.', 404);
      const json = wantsJson(request);
      const typed = asText(body.email);

      const address = supporterEmailSchema.safeParse({ email: body.email });
      if (!address.success) {
        const message = address.error.issues[0]?.message ?? 'Check your email address.';
        if (json) return reply.code(400).send({ outcome: 'invalid', message });
        return redraw(reply, page, { emailInput: typed, emailError: message }, 400);
      }

      const first = await firstTime(request, page.nonce, 'email');
      let outcome: 'sent' | 'already-sent' | 'not-sent';
      let message: string;
      if (first === false) {
        outcome = 'already-sent';
        message = 'Your letters were already emailed to you from this page. Check your inbox and spam folder.';
      } else if (first === undefined) {
        outcome = 'not-sent';
        message = 'We could not send the email just now. Your letters are still here: download the PDF below.';
      } else {
        const now = new Date();
        try {
          const pdf = await app.pdf.render(packFor(page, 'letter', now));
          await mailer.sendLetters({
            to: address.data.email,
            subject: `Your letters: ${campaign.title}`,
            text: [
              `Your letters for "${campaign.title}" are attached as a PDF: one letter for each office you chose, and a page with their addresses.`,
              'Print them, sign each letter by hand, and post each one to the office it is addressed to.',
              'We sent this because you asked for it on our site. We have not kept your address or your letter.',
            ].join('\n\n'),
            attachment: { filename: suggestedFileName(campaign.slug, now, 'letter'), content: pdf },
          });
          outcome = 'sent';
          message = `Sent. Your letters are on their way to ${address.data.email}. We have not kept the address.`;
          app.counter.record({ type: 'email', campaign: campaign.slug, outcome: 'sent' });
        } catch (err) {
          // Let the supporter try again from this page.
          await store.release(onceKey(page.nonce, 'email')).catch(() => {});
          if (!(err instanceof MailNotSentError)) throw err;
          outcome = 'not-sent';
          message = `We could not email your letters: ${REASONS[err.reason]}. Your letters are still here: download the PDF below.`;
          app.counter.record({ type: 'email', campaign: campaign.slug, outcome: 'failed' });
        }
      }
      if (json) return reply.header('Cache-Control', 'no-store').send({ outcome, message });
      const counted = outcome === 'not-sent' ? page.counted : [...new Set([...page.counted, 'email'])];
      return redraw(
        reply,
        { ...page, counted },
        { status: { tone: outcome === 'not-sent' ? 'error' : 'success', message }, emailInput: outcome === 'not-sent' ? typed : '' },
      );
    },
  );
}
