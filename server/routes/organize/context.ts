import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '../../content/catalog.ts';
import type { Campaign } from '../../content/campaign.ts';
import { notFound } from '../../shared/errors.ts';

/** The cross-site request token for an organizer page's forms. */
export type CsrfToken = (request: FastifyRequest, reply: FastifyReply) => string;

/** What every signed-in organizer page shares: its layout's defaults, its forms' token, and the campaign it is about. */
export interface OrganizerContext {
  /** A page's model with what the organizer layout needs: signed in, the CSRF token for its forms. */
  page<T extends object>(request: FastifyRequest, reply: FastifyReply, model: T): T & { organizerPage: true; signedIn: true; csrfToken: string };
  /** Organizers see every campaign, drafts included; an unknown slug is 404. */
  campaignFor(slug: string): Campaign;
}

export function organizerContext(catalog: Catalog, csrfToken: CsrfToken): OrganizerContext {
  return {
    page: (request, reply, model) => ({ organizerPage: true, signedIn: true, csrfToken: csrfToken(request, reply), ...model }),
    campaignFor(slug) {
      const campaign = catalog.getCampaign(slug);
      if (!campaign) throw notFound('This campaign');
      return campaign;
    },
  };
}
