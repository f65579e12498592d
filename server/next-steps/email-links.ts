/**
 * Mail apps and browsers cut mailto: links somewhere past 2,000 characters, each differently, and some then open
 * nothing at all. A letter longer than this goes without its body; the page shows it to copy instead.
 */
export const MAILTO_MAX_LENGTH = 1900;

export interface EmailDraft {
  to: string;
  subject: string;
  body: string;
}

export interface MailtoLink {
  href: string;
  /** False when the body did not fit and must be pasted by hand. */
  includesBody: boolean;
}

// RFC 6068: the address part is percent-encoded like the rest, but "@" may stay.
const encode = (value: string) => encodeURIComponent(value).replace(/%40/g, '@');

/** A mailto: link with the subject and, when it fits, the body filled in. Line breaks become CRLF (RFC 6068). */
export function mailtoLink({ to, subject, body }: EmailDraft): MailtoLink {
  const base = `mailto:${encode(to)}?subject=${encode(subject)}`;
  const full = `${base}&body=${encode(body.replace(/\r?\n/g, '\r\n'))}`;
  return full.length <= MAILTO_MAX_LENGTH ? { href: full, includesBody: true } : { href: base, includesBody: false };
}
