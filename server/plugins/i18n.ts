import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { directionOf, isLanguage, LANGUAGE_NAMES, LANGUAGES, languageFromAcceptLanguage, localPath, splitLanguagePrefix, withoutLanguageQuery, DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import { loadMessages, type Messages, type Translate } from '../i18n/messages.ts';

declare module 'fastify' {
  interface FastifyInstance {
    messages: Messages;
  }
  interface FastifyRequest {
    /** The page's language: from the URL (/ko/…, or ?lang=ko), else the browser's Accept-Language, else English. */
    lang: Language;
    /** Whether the URL named the language (a page chosen by Accept-Language must Vary on it). */
    langInUrl: boolean;
    /** The messages in `lang`. */
    readonly t: Translate;
  }
}

const URL_LANGUAGE = Symbol('language from the URL prefix');
type RawWithLanguage = IncomingMessage & { [URL_LANGUAGE]?: Language };

/** Fastify's rewriteUrl: "/ko/c/slug" is routed as "/c/slug", its language kept on the raw request. */
export function stripLanguagePrefix(raw: IncomingMessage): string {
  const url = raw.url ?? '/';
  const split = splitLanguagePrefix(url);
  if (!split) return url;
  (raw as RawWithLanguage)[URL_LANGUAGE] = split.language;
  return split.rest;
}

/**
 * What every page's template needs of its language: `lang` and `dir` for <html>, `translate` for the {{t}} helper,
 * and the switcher's links. A GET page's switcher links to the same page in each language; a page answering a form
 * (POST) links to `switchTo`, which that page sets when it has a better target than the site's start.
 */
export function pageLanguage(request: FastifyRequest, switchTo?: string) {
  const here = switchTo ?? (request.method === 'GET' || request.method === 'HEAD' ? withoutLanguageQuery(request.url) : '/');
  return {
    lang: request.lang,
    dir: directionOf(request.lang),
    translate: request.t,
    translationUnreviewed: !request.server.messages.note(request.lang).reviewed,
    languageSwitch: languageSwitch(request.lang, here),
  };
}

/**
 * The switcher's entries: links to `here` in each language. With `formPath` (where the page's form posts), each
 * also names that path in its language, and the page's script sends the form there instead of following the link,
 * so what the supporter has typed comes back in the new language. (Buttons tied to the form would do it without a
 * script, but the first of them, in the header, would then be the button Enter presses in every field.)
 */
export function languageSwitch(current: Language, here: string, formPath?: string) {
  return LANGUAGES.map((id) => ({
    id,
    name: LANGUAGE_NAMES[id],
    url: localPath(id, here),
    current: id === current,
    ...(formPath && { formAction: localPath(id, formPath) }),
  }));
}

/**
 * The interface's languages. No cookie is ever set for it: the language lives in the URL, and every link a page
 * makes keeps it ({{href}} in the templates). Registered first, so every later hook and handler has `request.lang`.
 */
export default fp(
  async (app, opts: { messagesDir?: string | undefined }) => {
    const messages = loadMessages(opts.messagesDir);
    app.decorate('messages', messages);
    app.decorateRequest('lang', DEFAULT_LANGUAGE);
    app.decorateRequest('langInUrl', false);
    app.decorateRequest('t', {
      getter(this: FastifyRequest) {
        return messages.forLanguage(this.lang);
      },
    });

    app.addHook('onRequest', async (request, reply) => {
      const fromPrefix = (request.raw as RawWithLanguage)[URL_LANGUAGE];
      const fromQuery = (request.query as Record<string, unknown> | undefined)?.lang;
      const inUrl = fromPrefix ?? (isLanguage(fromQuery) ? fromQuery : undefined);
      request.lang = inUrl ?? languageFromAcceptLanguage(request.headers['accept-language']) ?? DEFAULT_LANGUAGE;
      request.langInUrl = inUrl !== undefined;
      // The same address answers in different languages for different browsers: caches must keep them apart.
      if (!inUrl) reply.header('Vary', 'Accept-Language');
    });
  },
  { name: 'i18n' },
);
