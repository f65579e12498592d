import type { FastifyInstance } from 'fastify';
import { formBody, FORM_HEADERS, postForm } from './app.ts';

const ENTITIES: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#x27;': "'", '&#x3D;': '=', '&#x60;': '`' };
export const unescapeHtml = (text: string) => text.replace(/&(quot|amp|lt|gt|#x27|#x3D|#x60);/g, (entity) => ENTITIES[entity]!);
/** A page's text as a person reads it: tags gone, entities decoded, white space collapsed. */
export const readable = (html: string) => unescapeHtml(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

/** The hidden fields a next-steps page posts back with every button, read as a browser would. */
export interface CarriedPage {
  letter: string;
  token: string;
  counted: string;
}

export function carriedFields(html: string): CarriedPage {
  const value = (name: string) => {
    const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
    if (!match) throw new Error(`no hidden ${name} field on the page`);
    return unescapeHtml(match[1]!);
  };
  return { letter: value('letter'), token: value('token'), counted: value('counted') };
}

/** Sends the letter form and returns the next-steps page's response and its hidden fields. */
export async function composeLetters(app: FastifyInstance, slug: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const response = await postForm(app, `/c/${slug}/letters`, fields, headers);
  if (response.statusCode !== 200) throw new Error(`compose answered ${response.statusCode}: ${response.body.slice(0, 500)}`);
  return { response, page: carriedFields(response.body) };
}

/** Presses a button of the next-steps page: its hidden fields plus the button's own name and value. */
export function pressButton(
  app: FastifyInstance,
  url: string,
  page: CarriedPage,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return app.inject({ method: 'POST', url, headers: { ...FORM_HEADERS, ...headers }, payload: formBody({ ...page, ...fields }) });
}

/** Composes and downloads one kind of PDF, as a supporter pressing "Download" would. */
export async function downloadPack(app: FastifyInstance, slug: string, fields: Record<string, string | string[]>, kind = 'letter') {
  const { page } = await composeLetters(app, slug, fields);
  return pressButton(app, `/c/${slug}/letters/pdf`, page, { kind });
}
