import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends "Email me my letter"; null when no SMTP server is configured, and the option is then not offered. */
    mailer: Mailer | null;
  }
}

/** The outgoing mail service for "Email me my letter". */
export default fp(
  async (app, opts: { mail: Config['mail'] }) => {
    if (!opts.mail) {
      app.decorate('mailer', null);
      return;
    }
    const mailer = createMailer({ ...opts.mail, logger: app.log });
    app.decorate('mailer', mailer);
    app.addHook('onClose', async () => mailer.close());
  },
  { name: 'mailer' },
);
