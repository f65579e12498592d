import fp from 'fastify-plugin';
import view from '@fastify/view';
import handlebars from 'handlebars';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { HelperOptions } from 'handlebars';
import { DEFAULT_LANGUAGE, localPath, type Language } from '../i18n/languages.ts';
import type { Translate } from '../i18n/messages.ts';
import { pageLanguage } from './i18n.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** @fastify/view merges these into every template's data. */
    locals: Record<string, unknown>;
  }
}

export const TEMPLATES_DIR = path.resolve(import.meta.dirname, '../../templates');

/**
 * Handlebars pages, partials and the layout. Everything is HTML-escaped ({{ }}); no template may use the
 * unescaped {{{ }}} form, because supporter-typed text reaches the templates (a test greps for it).
 */
export default fp(
  async (app) => {
    const hbs = handlebars.create();
    hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    hbs.registerHelper('includes', (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item));
    // {{concat prefix "-offices"}}: ids built from a partial's prefix. The last argument is Handlebars' options.
    hbs.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
    // {{t "campaign.compose.heading" count=n}}: the request's own language (the i18n plugin puts its `translate` in
    // every page's data), never a global one, because requests overlap. Handlebars escapes what it returns.
    hbs.registerHelper('t', function (key: unknown, options: HelperOptions) {
      const translate = (options.data?.root as { translate?: Translate } | undefined)?.translate;
      if (typeof key !== 'string' || !translate) throw new Error(`{{t}} needs a key and a page language (key: ${String(key)})`);
      // A message without values is looked up once and kept (see messages.ts); Handlebars always passes a hash.
      const values = options.hash as Record<string, unknown>;
      return Object.keys(values).length > 0 ? translate(key, values) : translate(key);
    });
    // {{href "/c/" slug "/letters"}}: a link on this site that keeps the page's language.
    hbs.registerHelper('href', function (...args: unknown[]) {
      const options = args.pop() as HelperOptions;
      const lang = (options.data?.root as { lang?: Language } | undefined)?.lang ?? DEFAULT_LANGUAGE;
      return localPath(lang, args.join(''));
    });

    const partialsDir = path.join(TEMPLATES_DIR, 'partials');
    const partials = Object.fromEntries(
      readdirSync(partialsDir)
        .filter((file) => file.endsWith('.hbs'))
        .map((file) => [path.basename(file, '.hbs'), `partials/${file}`]),
    );

    await app.register(view, {
      engine: { handlebars: hbs },
      root: TEMPLATES_DIR,
      layout: 'layouts/main.hbs',
      viewExt: 'hbs',
      options: { partials },
      // Compiled templates are cached unless a developer runs `npm run dev`.
      production: process.env.NODE_ENV !== 'development',
    });
    // After @fastify/view's own onRequest hook, which starts each reply's locals empty.
    app.addHook('onRequest', async (request, reply) => {
      reply.locals = { ...reply.locals, ...pageLanguage(request) };
    });
  },
  { name: 'view', dependencies: ['i18n'] },
);
