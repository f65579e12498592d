import { describe, expect, it } from 'vitest';
import { EMAIL_ADDRESS_PROBLEMS, emailAddressProblem, emailAddressSchema, MAX_EMAIL_ADDRESS_LENGTH, type EmailAddressProblem } from '../../server/mail/address.ts';
import { loadMessages } from '../../server/i18n/messages.ts';

/** Each issue names a problem; the page words it from the next-steps messages (in English here). */
const english = loadMessages().forLanguage('en');
const wordsFor = (problem: EmailAddressProblem) => english(`next-steps.emailMe.addressErrors.${problem}`, { max: MAX_EMAIL_ADDRESS_LENGTH });

const messagesFor = (input: unknown) => {
  const result = emailAddressSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('emailAddressSchema', () => {
  it('accepts one plain address as typed', () => {
    expect(emailAddressSchema.parse('supporter@example.org')).toBe('supporter@example.org');
    expect(emailAddressSchema.parse('first.last+letters@mail.example.co.kr')).toBe('first.last+letters@mail.example.co.kr');
  });

  it('drops spaces typed by accident before or after the address', () => {
    expect(emailAddressSchema.parse('  supporter@example.org ')).toBe('supporter@example.org');
  });

  it('asks for an address when there is none', () => {
    for (const input of [undefined, null, '', '   ']) {
      expect(messagesFor(input)).toEqual(['required']);
    }
    expect(wordsFor('required')).toMatch(/^Enter your email address/);
  });

  it('refuses line breaks and tabs anywhere, with their own message, also at the ends', () => {
    for (const input of [
      'supporter@example.org\r\nBcc: someone@example.org',
      'supporter@example.org\n',
      '\nsupporter@example.org',
      'supporter@example.org\r',
      'supporter@example.org\t',
      ' supporter@example.org\r\n ',
      'supporter@example.org\u2028',
    ]) {
      expect(messagesFor(input), JSON.stringify(input)).toEqual(['whitespace']);
    }
    expect(wordsFor('whitespace')).toMatch(/no spaces or line breaks/);
  });

  it('refuses a space inside the address', () => {
    expect(messagesFor('supporter @example.org')).toEqual(['whitespace']);
    expect(messagesFor('sup porter@example.org')).toEqual(['whitespace']);
    expect(messagesFor('supporter@example.org\u00a0')).toEqual(['whitespace']);
  });

  it('refuses lists and display names', () => {
    for (const input of [
      'a@example.org,b@example.org',
      'a@example.org;b@example.org',
      '<a@example.org>',
      'Name<a@example.org>',
    ]) {
      expect(messagesFor(input), input).toEqual(['oneAddress']);
    }
    // With spaces, the space is what the person is told about first; either way it is refused.
    expect(messagesFor('a@example.org, b@example.org')).toHaveLength(1);
    expect(messagesFor('Name <a@example.org>')).toHaveLength(1);
  });

  it('refuses what does not look like local@domain.tld', () => {
    for (const input of ['supporter', 'supporter@', '@example.org', 'supporter@localhost', 'supporter@example.', 'a@b@example.org', 'supporter@@example.org', 'supporter@example..org', 'supporter@exa\u0000mple.org']) {
      expect(messagesFor(input), JSON.stringify(input)).toEqual(['format']);
    }
  });

  it('refuses an address longer than 254 characters', () => {
    const long = `${'a'.repeat(60)}@${'b'.repeat(190)}.org`; // 255
    expect(long).toHaveLength(255);
    expect(messagesFor(long)).toEqual(['tooLong']);
    expect(messagesFor(123)).toEqual(['required']);
  });

  it('names only problems the messages word, and says the longest length', () => {
    for (const problem of EMAIL_ADDRESS_PROBLEMS) {
      expect(emailAddressProblem(problem)).toBe(problem);
      expect(wordsFor(problem)).not.toContain('addressErrors');
    }
    expect(emailAddressProblem('Invalid input')).toBeUndefined();
    expect(wordsFor('tooLong')).toBe('That is too long for an email address: an address has at most 254 characters.');
  });

  it('never quotes the input in its messages', () => {
    const planted = `planted-${Math.random().toString(36).slice(2)}@example.org`;
    for (const input of [`${planted}\r\nBcc: x@y.org`, `${planted},x@y.org`, `${planted} x`, `${planted}.`]) {
      const result = emailAddressSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues.map((i) => i.message))).not.toContain('planted-');
    }
  });
});
