import { campaignPhase, type Campaign } from '../content/campaign.ts';
import type { Catalog } from '../content/catalog.ts';
import type { Office } from '../content/office.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { blankLetterSchema, letterFormSchema, regionPickSchema } from './letter-form.ts';
import { translationAdded } from './page.ts';
import { originalLanguageOf } from '../content/translation.ts';
import { isLanguage } from '../i18n/languages.ts';

export interface CampaignRules {
  offered: Office[];
  letter: ReturnType<typeof letterFormSchema>;
  regionPick: ReturnType<typeof regionPickSchema>;
  /** The form without offices: a letter with the inside address left blank. */
  blankLetter: ReturnType<typeof blankLetterSchema>;
  /** The campaign in a checked form's letter language, and its courtesy translation when one was added. */
  versionsFor(form: { letterLanguage: string; addTranslation: string }): { inLanguage?: Campaign; translation?: Campaign };
}

/** Finding a campaign for a supporter's request, and its form rules, built once per campaign. `now` is the clock. */
export function campaignLookup(catalog: Catalog, now: () => Date = () => new Date()) {
  // The catalog never changes while the app runs, so each campaign's form rules are built once, not per request.
  const rules = new Map<string, CampaignRules>();

  return {
    /** The clock that says whether a campaign has closed; pages drawn for its campaigns use it too. */
    now,
    /** Drafts are for organizers only; to everyone else they do not exist. */
    find(slug: string): Campaign {
      const campaign = catalog.getCampaign(slug);
      if (!campaign || campaign.status === 'draft') throw notFound('This campaign');
      return campaign;
    },
    /** Like find(), for requests that would make or count letters: a closed campaign answers 410. */
    findOpen(slug: string): Campaign {
      const campaign = this.find(slug);
      if (campaignPhase(campaign, now()) === 'closed') throw new AppError('CAMPAIGN_CLOSED', 'This campaign has closed. Thank you for wanting to write.', 410);
      return campaign;
    },
    rulesFor(campaign: Campaign): CampaignRules {
      let found = rules.get(campaign.slug);
      if (!found) {
        const offered = catalog.offeredOffices(campaign);
        const regionCodes = catalog.countriesOf(campaign).flatMap((country) => catalog.regionsOf(campaign, country).map((r) => r.code));
        const languages = catalog.versionsOf(campaign).map((version) => version.language);
        found = {
          offered,
          letter: letterFormSchema(campaign, offered, regionCodes, languages),
          regionPick: regionPickSchema(regionCodes),
          blankLetter: blankLetterSchema(campaign, offered, regionCodes, languages),
          versionsFor({ letterLanguage, addTranslation }) {
            const inLanguage = isLanguage(letterLanguage) ? catalog.campaignIn(campaign, letterLanguage) : undefined;
            const language = inLanguage?.language ?? originalLanguageOf(campaign);
            const added = translationAdded(catalog, campaign, language, addTranslation);
            return {
              ...(inLanguage && inLanguage.translation && { inLanguage: inLanguage.campaign }),
              ...(added && { translation: catalog.campaignIn(campaign, added)!.campaign }),
            };
          },
        };
        rules.set(campaign.slug, found);
      }
      return found;
    },
  };
}

export type CampaignLookup = ReturnType<typeof campaignLookup>;
