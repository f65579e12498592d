import { describe, expect, it } from 'vitest';
import { MAILTO_MAX_LENGTH, mailtoLink } from '../../server/next-steps/email-links.ts';
import { letterAsPlainText } from '../../server/letters/plain-text.ts';

describe('mailto links', () => {
  it('fill in the subject and the body, with CRLF line breaks, and read back exactly', () => {
    const draft = { to: 'consulate@example.org', subject: 'Stop forced return & help', body: 'Dear Sir,\n\nLine two: 100% “quoted” 김혜숙?' };
    const link = mailtoLink(draft);
    expect(link.includesBody).toBe(true);
    const url = new URL(link.href);
    expect(url.protocol).toBe('mailto:');
    expect(url.pathname).toBe('consulate@example.org');
    expect(url.searchParams.get('subject')).toBe(draft.subject);
    expect(url.searchParams.get('body')).toBe(draft.body.replace(/\n/g, '\r\n'));
  });

  it('leave the body out of a letter too long for a link, and say so', () => {
    const link = mailtoLink({ to: 'a@example.org', subject: 'S', body: 'word '.repeat(600) });
    expect(link.includesBody).toBe(false);
    expect(link.href).toBe('mailto:a@example.org?subject=S');
    expect(link.href.length).toBeLessThanOrEqual(MAILTO_MAX_LENGTH);
  });
});

describe('the letter as plain text', () => {
  it('has the salutation, the paragraphs, the own words, the closing and the sender, in order', () => {
    const text = letterAsPlainText({
      letter: { addressee: ['H.E.'], careOf: 'c/o', salutation: 'Dear Mr. President,', paragraphs: ['First.', 'Second.'], ownWords: ['Mine.'], closing: 'Sincerely,' },
      sender: { name: 'Ada Example', addressLines: ['1 Road', 'Town'] },
    });
    expect(text).toBe('Dear Mr. President,\n\nFirst.\n\nSecond.\n\nMine.\n\nSincerely,\n\nAda Example\n1 Road\nTown');
  });
});
