import type { Office } from '../content/office.ts';
import type { Translate } from '../i18n/messages.ts';

/** "Consulate-General, Chicago": how the next-steps pages name an office, in the page's language (the city is data). */
export const officeName = (t: Translate, office: Pick<Office, 'kind' | 'city'>): string =>
  t(office.kind === 'embassy' ? 'next-steps.offices.embassy' : 'next-steps.offices.consulateGeneral', { city: office.city });
