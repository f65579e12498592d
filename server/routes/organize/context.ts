import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '../../content/catalog.ts';
import type { Campaign } from '../../content/campaign.ts';
import { localPath, withoutLanguageQuery } from '../../i18n/languages.ts';
import { pageLanguage } from '../../plugins/i18n.ts';
import { notFound } from '../../shared/errors.ts';

/** The cross-site request token for an organizer page's forms. */
export type CsrfToken = (request: FastifyRequest, reply: FastifyReply) => string;

/** What every signed-in organizer page shares: its layout's defaults, its forms' token, and the campaign it is about. */
export interface OrganizerContext {
  /**
   * A page's model with what the organizer layout needs: signed in, the CSRF token for its forms. A page answering a
   * form names `switchTo`, the page its language switcher links to (a GET page's links to itself).
   */
  page<T extends object>(request: FastifyRequest, reply: FastifyReply, model: T, switchTo?: string): T & { organizerPage: true; signedIn: true; csrfToken: string };
  /** Organizers see every campaign, drafts included; an unknown slug is 404. */
  campaignFor(slug: string): Campaign;
}

export function organizerContext(catalog: Catalog, csrfToken: CsrfToken): OrganizerContext {
  return {
    page: (request, reply, model, switchTo) => ({
      organizerPage: true,
      signedIn: true,
      csrfToken: csrfToken(request, reply),
      ...(switchTo === undefined ? {} : { languageSwitch: pageLanguage(request, switchTo).languageSwitch }),
      ...model,
    }),
    campaignFor(slug) {
      const campaign = catalog.getCampaign(slug);
      if (!campaign) throw notFound('This campaign');
      return campaign;
    },
  };
}

/**
 * Where a redirect under /organize goes: `path` in the request's language when the request's URL named one (a query
 * ?lang=…, which every organizer link and form carries), else `path` as it is, so the browser's language decides.
 */
export function organizerRedirect(request: FastifyRequest, path: string): string {
  return request.langInUrl ? localPath(request.lang, withoutLanguageQuery(path)) : path;
}
