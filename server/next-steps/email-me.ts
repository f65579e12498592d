import type { Campaign } from '../content/campaign.ts';
import type { Counter } from '../counts/counter.ts';
import { MailNotSentError, type Mailer, type MailNotSentReason } from '../mail/mailer.ts';
import { suggestedFileName, type LetterPack, type ReportLater } from '../pdf/index.ts';
import type { Logger } from '../shared/logger.ts';
import { letterPackOf, type ComposedLetter } from './carried-letter.ts';
import { firstTime, onceKey, type OnceStore } from './once-store.ts';
import { EMAIL_ACTION } from './tallies.ts';

export type EmailOutcome = 'sent' | 'already-sent' | 'not-sent';

const REASONS: Record<MailNotSentReason, string> = {
  timeout: 'the mail server did not answer in time',
  refused: 'the mail server could not be reached',
  rejected: 'the mail server refused the address',
  failed: 'the mail server reported a problem',
};

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
  now?: Date;
}

/**
 * "Email me my letters": sends the page's letter PDF to the supporter, once per page. The outcome and the message to
 * show are returned; a mail server that fails lets the supporter try again from the same page. Any other failure
 * (the PDF could not be made) is thrown, after the page's mark is released.
 */
export async function emailLetters(services: EmailMeServices, request: EmailMeRequest): Promise<{ outcome: EmailOutcome; message: string }> {
  const { mailer, onceStore, counter } = services;
  const { campaign, nonce, to, now = new Date() } = request;
  const first = await firstTime(onceStore, nonce, EMAIL_ACTION, services.ttlMs, services.logger);
  if (first === false) {
    return { outcome: 'already-sent', message: 'Your letters were already emailed to you from this page. Check your inbox and spam folder.' };
  }
  if (first === undefined) {
    return { outcome: 'not-sent', message: 'We could not send the email just now. Your letters are still here: download the PDF below.' };
  }
  try {
    const pdf = await services.renderPdf({ ...letterPackOf(campaign, request.composed, now), kind: 'letter', reportLater: request.reportLater });
    await mailer.sendLetters({
      to,
      subject: `Your letters: ${campaign.title}`,
      text: [
        `Your letters for "${campaign.title}" are attached as a PDF: one letter for each office you chose, and a page with their addresses.`,
        'Print them, sign each letter by hand, and post each one to the office it is addressed to.',
        'We sent this because you asked for it on our site. We have not kept your address or your letter.',
      ].join('\n\n'),
      attachment: { filename: suggestedFileName(campaign.slug, now, 'letter'), content: pdf },
    });
    counter.record({ type: 'email', campaign: campaign.slug, outcome: 'sent' });
    return { outcome: 'sent', message: `Sent. Your letters are on their way to ${to}. We have not kept the address.` };
  } catch (err) {
    // Let the supporter try again from this page.
    await onceStore.release(onceKey(nonce, EMAIL_ACTION)).catch(() => {});
    if (!(err instanceof MailNotSentError)) throw err;
    counter.record({ type: 'email', campaign: campaign.slug, outcome: 'failed' });
    return { outcome: 'not-sent', message: `We could not email your letters: ${REASONS[err.reason]}. Your letters are still here: download the PDF below.` };
  }
}
