import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import PDFDocument from 'pdfkit';
import { createMailer, MailError, MailNotSentError, type LetterEmail, type Mailer } from '../../server/mail/mailer.ts';
import type { Logger } from '../../server/shared/logger.ts';
import {
  closedPort,
  headerNames,
  headerParam,
  multipartParts,
  splitPart,
  startSmtpPeer,
  startTcpPeer,
  type SmtpPeer,
} from '../support/smtp-peer.ts';

const FROM = 'Appeal Letters <letters@appeal.example.org>';
const SUBJECT = 'Your letter to the embassy';

/** A small, real PDF. */
function makePdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text('Dear Ambassador, please do not send them back.');
    doc.end();
  });
}

/** A logger that keeps every call as a JSON line, to search for what must never be there. */
function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (...args: unknown[]) => {
    lines.push(JSON.stringify([level, ...args]));
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

const planted = () => `planted-${randomBytes(6).toString('hex')}@example.org`;

let pdf: Buffer;
beforeAll(async () => {
  pdf = await makePdf();
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});

const letter = (overrides: Partial<LetterEmail> = {}): LetterEmail => ({
  to: 'supporter@example.org',
  subject: SUBJECT,
  text: 'Your letter is attached. Print it, sign it and post it.',
  attachment: { filename: 'letter-to-the-embassy.pdf', content: pdf },
  ...overrides,
});

// Every mailer and peer a test makes is closed after it, whatever happened.
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const track = <T extends { close(): unknown }>(thing: T): T => {
  cleanups.push(() => thing.close());
  return thing;
};
const mailerFor = (url: string, logger?: Logger, timeoutMs = 1000): Mailer =>
  track(createMailer({ smtpUrl: url, from: FROM, timeoutMs, logger }));

async function failure(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected the send to fail');
}

describe('mailer, with a working SMTP server', () => {
  let peer: SmtpPeer;
  beforeAll(async () => {
    peer = await startSmtpPeer();
  });
  afterAll(async () => peer?.close());

  it('sends one message to the one address, from us, with the PDF attached', async () => {
    const before = peer.messages.length;
    const logger = collectingLogger();
    await mailerFor(peer.url, logger).sendLetters(letter({ to: '  supporter@example.org ' }));

    expect(peer.messages).toHaveLength(before + 1);
    const received = peer.messages.at(-1)!;
    expect(received.rcptTo).toEqual(['supporter@example.org']);
    expect(received.mailFrom).toBe('letters@appeal.example.org');

    const message = splitPart(received.raw);
    expect(message.headers.get('from')).toBe(FROM);
    expect(message.headers.get('to')).toBe('supporter@example.org');
    expect(message.headers.get('subject')).toBe(SUBJECT);
    const names = headerNames(received.raw);
    expect(names.filter((n) => n === 'to')).toHaveLength(1);
    expect(names).not.toContain('cc');
    expect(names).not.toContain('bcc');
    expect(names).not.toContain('reply-to');

    const parts = multipartParts(message);
    const text = parts.find((p) => p.headers.get('content-type')?.startsWith('text/plain'));
    expect(text?.body).toContain('Print it, sign it and post it.');
    const attachments = parts.filter((p) => p.headers.get('content-type')?.startsWith('application/pdf'));
    expect(attachments).toHaveLength(1);
    const attachment = attachments[0]!;
    expect(attachment.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(headerParam(attachment.headers.get('content-disposition'), 'filename')).toBe('letter-to-the-embassy.pdf');
    expect(attachment.headers.get('content-transfer-encoding')).toBe('base64');
    expect(Buffer.from(attachment.body.replace(/\s+/g, ''), 'base64').equals(pdf)).toBe(true);

    // A message sent is not a thing to log about, and the address is never in a log line.
    expect(logger.lines.join('\n')).not.toContain('supporter@example.org');
  });

  it('refuses an address that could add a header or a recipient, before connecting', async () => {
    const mailer = mailerFor(peer.url);
    const connectionsBefore = peer.connections;
    const messagesBefore = peer.messages.length;
    for (const to of [
      'supporter@example.org\r\nBcc: x@y.org',
      'supporter@example.org\nBcc: x@y.org',
      'sup porter@example.org',
      'a@example.org,b@example.org',
      'a@example.org, b@example.org',
      'Someone <a@example.org>',
      '',
    ]) {
      const { error } = await failure(mailer.sendLetters(letter({ to })));
      expect(error, JSON.stringify(to)).toBeInstanceOf(MailError);
      expect(error).not.toBeInstanceOf(MailNotSentError);
      expect((error as Error).message).not.toContain('example.org');
    }
    // Give a connection, had one been opened, time to be seen.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peer.connections).toBe(connectionsBefore);
    expect(peer.messages).toHaveLength(messagesBefore);
  });

  it('refuses an incomplete message before connecting, naming the fields', async () => {
    const mailer = mailerFor(peer.url);
    const connectionsBefore = peer.connections;
    const incomplete: unknown[] = [
      { ...letter(), to: undefined },
      { ...letter(), subject: '' },
      { ...letter(), text: undefined },
      { ...letter(), attachment: undefined },
      letter({ attachment: { filename: 'letter.pdf', content: Buffer.alloc(0) } }),
      letter({ attachment: { filename: '', content: pdf } }),
      letter({ attachment: { filename: 'letter.pdf', content: '/etc/passwd' as unknown as Buffer } }),
    ];
    for (const message of incomplete) {
      const { error } = await failure(mailer.sendLetters(message as LetterEmail));
      expect(error).toBeInstanceOf(MailError);
      expect(error).not.toBeInstanceOf(MailNotSentError);
    }
    const { error } = await failure(mailer.sendLetters({ ...letter(), subject: '', attachment: undefined } as unknown as LetterEmail));
    expect((error as Error).message).toMatch(/subject, attachment/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peer.connections).toBe(connectionsBefore);
  });

  it('refuses to send after close()', async () => {
    const mailer = createMailer({ smtpUrl: peer.url, from: FROM, timeoutMs: 1000 });
    mailer.close();
    mailer.close();
    const connectionsBefore = peer.connections;
    const { error } = await failure(mailer.sendLetters(letter()));
    expect(error).toBeInstanceOf(MailNotSentError);
    expect((error as MailNotSentError).reason).toBe('failed');
    expect(peer.connections).toBe(connectionsBefore);
  });
});

describe('mailer, over the network', () => {
  it('will not send a letter unencrypted: plain smtp:// to another host must upgrade with STARTTLS', async () => {
    // This machine's own non-loopback address stands in for a mail server elsewhere; the peer offers no STARTTLS.
    const address = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    if (!address) throw new Error('this test needs a non-loopback IPv4 address on the machine');
    const peer = await startSmtpPeer({ host: address });
    try {
      const mailer = createMailer({ smtpUrl: peer.url, from: FROM, timeoutMs: 2000 });
      const error = await mailer.sendLetters({ to: 'someone@example.org', subject: SUBJECT, text: 'x', attachment: { filename: 'a.pdf', content: await makePdf() } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailNotSentError);
      expect(peer.messages).toHaveLength(0);
      mailer.close();
    } finally {
      await peer.close();
    }
  });
});

describe('mailer, when the message is not sent', () => {
  it('reports "refused", quickly, when nothing listens on the port', async () => {
    const logger = collectingLogger();
    const address = planted();
    const port = await closedPort();
    const { error, ms } = await failure(mailerFor(`smtp://127.0.0.1:${port}`, logger).sendLetters(letter({ to: address })));
    expect(error).toBeInstanceOf(MailNotSentError);
    expect((error as MailNotSentError).reason).toBe('refused');
    expect((error as MailNotSentError).code).toBe('ECONNREFUSED');
    expect(ms).toBeLessThan(1000);
    expectNoTrace(address, error, logger);
    expect(logger.lines).toEqual([JSON.stringify(['warn', { reason: 'refused', code: 'ECONNREFUSED' }, 'letter email not sent'])]);
  });

  it('reports "timeout" when the server accepts the connection and never greets', async () => {
    const silent = track(await startTcpPeer(() => {}));
    const logger = collectingLogger();
    const address = planted();
    const timeoutMs = 1000;
    const { error, ms } = await failure(mailerFor(silent.url, logger, timeoutMs).sendLetters(letter({ to: address })));
    expect(error).toBeInstanceOf(MailNotSentError);
    expect((error as MailNotSentError).reason).toBe('timeout');
    expect(ms).toBeGreaterThanOrEqual(timeoutMs * 0.9);
    expect(ms).toBeLessThan(6000);
    expect(silent.sockets).toHaveLength(1);
    expectNoTrace(address, error, logger);
  });

  it('reports "timeout" at its own deadline when the server answers, but too slowly to ever finish', async () => {
    // Greets and takes EHLO, then answers MAIL FROM with an endless multi-line reply, a line every
    // 200 ms: the socket is never idle, so only the mailer's own deadline can end the attempt.
    const trickling = track(
      await startTcpPeer((socket) => {
        let timer: NodeJS.Timeout | undefined;
        socket.on('close', () => clearInterval(timer));
        socket.write('220 slow.example ESMTP\r\n');
        socket.on('data', (data: Buffer) => {
          const line = data.toString('latin1');
          if (/^(EHLO|HELO)/i.test(line)) socket.write('250 slow.example\r\n');
          else if (/^MAIL FROM/i.test(line)) timer = setInterval(() => socket.write('250-still thinking\r\n'), 200);
          else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        });
      }),
    );
    const logger = collectingLogger();
    const address = planted();
    const timeoutMs = 1000;
    const { error, ms } = await failure(mailerFor(trickling.url, logger, timeoutMs).sendLetters(letter({ to: address })));
    expect(error).toBeInstanceOf(MailNotSentError);
    expect((error as MailNotSentError).reason).toBe('timeout');
    expect((error as MailNotSentError).code).toBe('DEADLINE');
    expect(ms).toBeGreaterThanOrEqual(timeoutMs * 1.4);
    expect(ms).toBeLessThan(6000);
    // The abandoned attempt's connection is closed, not left to trickle on.
    await expect.poll(() => trickling.sockets.every((s) => s.closed), { timeout: 4000 }).toBe(true);
    expectNoTrace(address, error, logger);
  });

  it('reports "rejected" when the server refuses the recipient, without repeating its reply', async () => {
    // The refusal quotes the address back, as real servers do.
    const peer = track(await startSmtpPeer({ rejectRecipient: (a) => ({ code: 550, message: `5.1.1 <${a.address}>: Recipient address rejected` }) }));
    const logger = collectingLogger();
    const address = planted();
    const { error } = await failure(mailerFor(peer.url, logger).sendLetters(letter({ to: address })));
    expect(error).toBeInstanceOf(MailNotSentError);
    expect((error as MailNotSentError).reason).toBe('rejected');
    expect((error as MailNotSentError).code).toBe('EENVELOPE');
    expect(peer.messages).toHaveLength(0);
    expectNoTrace(address, error, logger);
    expect(logger.lines).toEqual([JSON.stringify(['warn', { reason: 'rejected', code: 'EENVELOPE' }, 'letter email not sent'])]);
  });

  it('reports "rejected" for a temporary refusal (4xx) as well', async () => {
    const peer = track(await startSmtpPeer({ rejectRecipient: (a) => ({ code: 450, message: `4.2.0 <${a.address}>: try later` }) }));
    const logger = collectingLogger();
    const address = planted();
    const { error } = await failure(mailerFor(peer.url, logger).sendLetters(letter({ to: address })));
    expect((error as MailNotSentError).reason).toBe('rejected');
    expectNoTrace(address, error, logger);
  });
});

/** The planted address is in no log line and nowhere in the error a caller gets (message, stack, fields). */
function expectNoTrace(address: string, error: unknown, logger: { lines: string[] }) {
  expect(logger.lines.length).toBeGreaterThan(0);
  for (const line of logger.lines) expect(line).not.toContain(address);
  const err = error as Error;
  expect(err.message).not.toContain(address);
  expect(err.stack ?? '').not.toContain(address);
  expect(err.cause).toBeUndefined();
  expect(JSON.stringify(err)).not.toContain(address);
  expect(JSON.stringify(Object.getOwnPropertyNames(err).map((k) => String((err as unknown as Record<string, unknown>)[k])))).not.toContain(address);
}
