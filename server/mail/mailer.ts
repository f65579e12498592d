// "Email me my letter": one message, to the supporter's own address, with the letter PDF attached.
// The address is used for that message only. It is never stored and never logged: SMTP errors can
// quote the recipient ("550 <someone@example.org>: no such user"), so a failure is reported as a
// reason and an error code, never with the library's message, response or the original error.
import nodemailer from 'nodemailer';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { emailAddressSchema } from './address.ts';

export interface MailerOptions {
  /** smtp:// or smtps:// URL, credentials included. */
  smtpUrl: string;
  /** The From header and envelope sender of every message, like "Appeal Letters <letters@example.org>". */
  from: string;
  /**
   * Connection, greeting and socket inactivity timeout. A whole send is also cut off after about
   * 1.5 × this, however slowly the server trickles its replies.
   */
  timeoutMs: number;
  logger?: Logger;
}

export interface LetterEmail {
  /** The supporter's own address: the one recipient and the only header taken from their input. */
  to: string;
  /** Our own text, never the supporter's. */
  subject: string;
  text: string;
  attachment: { filename: string; content: Buffer };
}

export interface Mailer {
  /**
   * Sends one message in one attempt (no retries). Rejects with a MailError, before connecting, when
   * the message is incomplete or `to` is not one plain address; with a MailNotSentError when the
   * server could not be reached or did not take the message. Settles within about 1.5 × timeoutMs.
   */
  sendLetters(message: LetterEmail): Promise<void>;
  /** Stops sending: a send in progress is abandoned and later sends are refused. */
  close(): void;
}

/** The message could not be sent as given. The message names fields, never their values. */
export class MailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailError';
  }
}

/**
 * - timeout: the server did not answer in time (our deadline, or a connection/greeting/socket timeout)
 * - refused: nothing to talk to (connection refused, host not found)
 * - rejected: the server answered 4xx/5xx to the sender, the recipient or the message
 * - failed: anything else (TLS, authentication, a dropped connection, the mailer closed)
 */
export type MailNotSentReason = 'timeout' | 'refused' | 'rejected' | 'failed';

/**
 * The server did not take the message. Carries only a reason and an error code (like ECONNREFUSED or
 * EENVELOPE): never the address, the server's reply or the underlying error, so logging it is safe.
 */
export class MailNotSentError extends MailError {
  constructor(
    readonly reason: MailNotSentReason,
    readonly code: string,
  ) {
    super(`The letter email was not sent (${reason}, ${code}).`);
    this.name = 'MailNotSentError';
  }
}

/** Our overall deadline for one send, as a multiple of timeoutMs. */
const DEADLINE_FACTOR = 1.5;

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ETIMEOUT']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EDNS', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EHOSTUNREACH', 'ENETUNREACH']);
const REJECTED_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

interface SmtpErrorFields {
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
}

/** An error code is a short upper-case token; anything else is not passed on. */
const safeCode = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[A-Z][A-Z0-9_]{0,39}$/.test(value) ? value : undefined;

function classify(err: unknown): { reason: MailNotSentReason; code: string } {
  const fields: SmtpErrorFields = typeof err === 'object' && err !== null ? (err as SmtpErrorFields) : {};
  const code = safeCode(fields.code);
  const original = safeCode(fields.originalCode);
  // A system error's own code (ECONNREFUSED) says more than nodemailer's category for it (ESOCKET).
  const reported = original ?? code ?? 'UNKNOWN';
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : undefined;
  if ((code && TIMEOUT_CODES.has(code)) || (original && TIMEOUT_CODES.has(original))) return { reason: 'timeout', code: reported };
  if ((code && REFUSED_CODES.has(code)) || (original && REFUSED_CODES.has(original))) return { reason: 'refused', code: reported };
  if (code && REJECTED_CODES.has(code) && responseCode !== undefined && responseCode >= 400 && responseCode < 600) {
    return { reason: 'rejected', code: reported };
  }
  return { reason: 'failed', code: reported };
}

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** The address to send to, or the names of the fields that are missing or wrong. */
function check(message: LetterEmail): { to: string } | { problems: string[] } {
  const problems: string[] = [];
  const m = (typeof message === 'object' && message !== null ? message : {}) as Partial<LetterEmail>;
  const to = emailAddressSchema.safeParse(m.to);
  if (!to.success) problems.push('to');
  if (!nonEmptyString(m.subject)) problems.push('subject');
  if (!nonEmptyString(m.text)) problems.push('text');
  const attachment = m.attachment;
  if (!attachment || !nonEmptyString(attachment.filename) || !Buffer.isBuffer(attachment.content) || attachment.content.length === 0) {
    problems.push('attachment');
  }
  return to.success && problems.length === 0 ? { to: to.data } : { problems };
}

/** A mail server on this machine: the only one a plain smtp:// URL may reach without encryption. */
function isLoopback(smtpUrl: string): boolean {
  const host = new URL(smtpUrl).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export function createMailer({ smtpUrl, from, timeoutMs, logger = silentLogger }: MailerOptions): Mailer {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    // The message carries the supporter's address and letter: over the network it goes encrypted or not at all
    // (smtps:// is TLS from the start; smtp:// must then upgrade with STARTTLS).
    requireTLS: smtpUrl.startsWith('smtp:') && !isLoopback(smtpUrl),
    // One connection per message, closed after it: nothing stays open between supporters.
    pool: false,
    // nodemailer's own logs name the recipients ("Sending message <id> to <address>").
    logger: false,
    debug: false,
    transactionLog: false,
    // Content comes only from the Buffer we are given: no path or URL is ever read.
    disableFileAccess: true,
    disableUrlAccess: true,
    maxRecipients: 1,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // After QUIT (or an abandoned attempt), do not hold the socket for long waiting for the server.
    socketCloseTimeout: Math.min(timeoutMs, 2000),
  });
  const deadlineMs = Math.round(timeoutMs * DEADLINE_FACTOR);
  const inFlight = new Set<AbortController>();
  let closed = false;

  const notSent = (reason: MailNotSentReason, code: string) => {
    logger.warn({ reason, code }, 'letter email not sent');
    return new MailNotSentError(reason, code);
  };

  async function sendLetters(message: LetterEmail): Promise<void> {
    const checked = check(message);
    if ('problems' in checked) throw new MailError(`The letter email is incomplete or invalid: ${checked.problems.join(', ')}.`);
    if (closed) throw notSent('failed', 'CLOSED');

    const controller = new AbortController();
    inFlight.add(controller);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    const sending = transporter.sendMail({
      from,
      // An address object, not a string: nodemailer does not parse it as a list or a display name.
      to: { name: '', address: checked.to },
      subject: message.subject,
      text: message.text,
      attachments: [
        {
          filename: message.attachment.filename,
          content: message.attachment.content,
          contentType: 'application/pdf',
          contentDisposition: 'attachment',
        },
      ],
      signal: controller.signal,
    });
    try {
      const outcome = await Promise.race([sending.then(() => 'sent' as const), deadline]);
      if (outcome === 'deadline') {
        // Abandon the attempt: the abort closes its connection, and its late rejection is expected.
        sending.catch(() => {});
        controller.abort();
        throw notSent('timeout', 'DEADLINE');
      }
    } catch (err) {
      if (err instanceof MailNotSentError) throw err;
      if (controller.signal.aborted) throw notSent('failed', 'CLOSED');
      const { reason, code } = classify(err);
      // The original error is dropped here on purpose: its message and response can quote the address.
      throw notSent(reason, code);
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
  }

  return {
    sendLetters,
    close() {
      if (closed) return;
      closed = true;
      for (const controller of inFlight) controller.abort();
      inFlight.clear();
      transporter.close();
    },
  };
}
