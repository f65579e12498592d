import fp from 'fastify-plugin';
import view from '@fastify/view';
import handlebars from 'handlebars';
import { readdirSync } from 'node:fs';
import path from 'node:path';

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
  },
  { name: 'view' },
);
