import type { Language } from '../i18n/languages.ts';
import type { Campaign } from '../content/campaign.ts';
import type { Counter } from '../counts/counter.ts';
import type { Translate } from '../i18n/messages.ts';
import { MailNotSentError, type Mailer } from '../mail/mailer.ts';
import { suggestedFileName, type LetterPack, type ReportLater } from '../pdf/index.ts';
import type { Logger } from '../shared/logger.ts';
import { letterPackOf, type ComposedLetter } from './carried-letter.ts';
import { firstTime, onceKey, type OnceStore } from './once-store.ts';
import { EMAIL_ACTION } from './tallies.ts';

export type EmailOutcome = 'sent' | 'already-sent' | 'not-sent';

export interface EmailMeServices {
  mailer: Mailer;
  onceStore: OnceStore;
  /** How long a page's "sent once" mark is kept: its token's lifetime. */
  ttlMs: number;
  renderPdf(pack: LetterPack): Promise<Buffer>;
  counter: Pick<Counter, 'record'>;
  logger?: Logger;
}

export interface EmailMeRequest {
  campaign: Campaign;
  composed: ComposedLetter;
  /** The page token's nonce: the letters are emailed once per page. */
  nonce: string;
  /** Already checked (mail/address.ts). Used for this one message and forgotten. */
  to: string;
  /** The address page's code for reporting later how the letters were sent. */
  reportLater?: ReportLater;
  /** The page's language: the answer and the email itself are written in it (the attached letter is the campaign's). */
  t: Translate;
  /** That language's id: the words around the letters in the attached PDF (the address page) are in it. */
  lang?: Language;
  /** The campaign's title in that language, when the campaign has it. */
  title?: string;
  now?: Date;
}

/**
 * "Email me my letters": sends the page's letter PDF to the supporter, once per page. The outcome and the message to
 * show are returned; a mail server that fails lets the supporter try again from the same page. Any other failure
 * (the PDF could not be made) is thrown, after the page's mark is released.
 */
export async function emailLetters(services: EmailMeServices, request: EmailMeRequest): Promise<{ outcome: EmailOutcome; message: string }> {
  const { mailer, onceStore, counter } = services;
  const { campaign, nonce, to, t, now = new Date() } = request;
  const first = await firstTime(onceStore, nonce, EMAIL_ACTION, services.ttlMs, services.logger);
  if (first === false) {
    return { outcome: 'already-sent', message: t('next-steps.emailMe.alreadySent') };
  }
  if (first === undefined) {
    return { outcome: 'not-sent', message: t('next-steps.emailMe.unavailable') };
  }
  try {
    const pdf = await services.renderPdf({
      ...letterPackOf(campaign, request.composed, now),
      kind: 'letter',
      reportLater: request.reportLater,
      ...(request.lang && { labelsLanguage: request.lang }),
    });
    await mailer.sendLetters({
      to,
      subject: t('next-steps.emailMe.message.subject', { title: request.title ?? campaign.title }),
      text: [
        t('next-steps.emailMe.message.attached', { title: request.title ?? campaign.title }),
        t('next-steps.emailMe.message.print'),
        t('next-steps.emailMe.message.why'),
      ].join('\n\n'),
      attachment: { filename: suggestedFileName(campaign.slug, now, 'letter'), content: pdf },
    });
    counter.record({ type: 'email', campaign: campaign.slug, outcome: 'sent' });
    return { outcome: 'sent', message: t('next-steps.emailMe.sent', { to }) };
  } catch (err) {
    // Let the supporter try again from this page.
    await onceStore.release(onceKey(nonce, EMAIL_ACTION)).catch(() => {});
    if (!(err instanceof MailNotSentError)) throw err;
    counter.record({ type: 'email', campaign: campaign.slug, outcome: 'failed' });
    return { outcome: 'not-sent', message: t('next-steps.emailMe.notSent', { reason: t(`next-steps.emailMe.reasons.${err.reason}`) }) };
  }
}
