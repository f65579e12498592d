import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import mailerPlugin from '../../server/plugins/mailer.ts';
import { MailNotSentError } from '../../server/mail/mailer.ts';
import { loggerOptions } from '../../server/shared/logging.ts';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer.ts';

const FROM = 'Appeal Letters <letters@appeal.example.org>';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const letterTo = (to: string) => ({
  to,
  subject: 'Your letter',
  text: 'Your letter is attached.',
  attachment: { filename: 'letter.pdf', content: PDF },
});

describe('mailer plugin', () => {
  let peer: SmtpPeer;
  let rejecting: SmtpPeer;
  beforeAll(async () => {
    peer = await startSmtpPeer();
    rejecting = await startSmtpPeer({ rejectRecipient: (a) => ({ code: 550, message: `<${a.address}>: no such user` }) });
  });
  afterAll(async () => {
    await peer?.close();
    await rejecting?.close();
  });

  it('decorates app.mailer with null when mail is not configured', async () => {
    const app = Fastify();
    await app.register(mailerPlugin, { mail: undefined });
    await app.ready();
    expect(app.mailer).toBeNull();
    await app.close();
  });

  it('decorates app.mailer with a working Mailer, and closes it with the app', async () => {
    const app = Fastify();
    await app.register(mailerPlugin, { mail: { smtpUrl: peer.url, from: FROM, timeoutMs: 2000 } });
    await app.ready();
    const mailer = app.mailer;
    expect(mailer).not.toBeNull();
    await mailer!.sendLetters(letterTo('supporter@example.org'));
    expect(peer.messages.at(-1)?.rcptTo).toEqual(['supporter@example.org']);

    await app.close();
    const connectionsBefore = peer.connections;
    const error = await mailer!.sendLetters(letterTo('supporter@example.org')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MailNotSentError);
    expect((error as MailNotSentError).reason).toBe('failed');
    expect(peer.connections).toBe(connectionsBefore);
  });

  it('logs a failure through the app logger without the address', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = Fastify({ logger: loggerOptions('info', stream) });
    await app.register(mailerPlugin, { mail: { smtpUrl: rejecting.url, from: FROM, timeoutMs: 2000 } });
    await app.ready();
    const planted = `planted-${randomBytes(6).toString('hex')}@example.org`;
    const error = await app.mailer!.sendLetters(letterTo(planted)).catch((err: unknown) => err);
    expect((error as MailNotSentError).reason).toBe('rejected');
    // What a route would do with it: log the error object itself.
    app.log.error({ err: error }, 'route saw a mail failure');
    await app.close();

    const warning = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => l.msg === 'letter email not sent');
    expect(warning).toMatchObject({ level: 40, reason: 'rejected', code: 'EENVELOPE' });
    expect(lines.join('')).toContain('route saw a mail failure');
    expect(lines.join('')).not.toContain(planted);
  });
});
