import type { Office } from '../../server/content/office.ts';
import type { LetterPack } from '../../server/pdf/index.ts';

/** Offices shaped like the real address book (test data). */
export const offices: Office[] = [
  {
    id: 'us-embassy',
    name: "Embassy of the People's Republic of China in the United States of America",
    city: 'Washington',
    kind: 'embassy',
    country: 'US',
    addressLines: [
      "Embassy of the People's Republic of China",
      '3505 International Place NW',
      'Washington, DC 20008',
      'USA',
    ],
    phone: '+1 202 495 2266',
    fax: '+1 202 495 2138',
    email: 'chinaembpress_us@mfa.gov.cn',
    regions: ['US-DC'],
    confidence: { address: 'high', phone: 'high', fax: 'high', email: 'medium' },
    status: { state: 'open' },
    source: 'test fixture',
    lastChecked: '2026-11-01',
  },
  {
    id: 'us-new-york',
    name: "Consulate General of the People's Republic of China in New York",
    city: 'New York',
    kind: 'consulate-general',
    country: 'US',
    addressLines: [
      "Consulate General of the People's Republic of China in New York",
      '520 12th Avenue',
      'New York, NY 10036',
      'USA',
    ],
    phone: '+1 212 244 9392',
    fax: '+1 212 465 1708',
    faxNote: 'Two published sources list different fax numbers; this is the one on the consulate’s own site.',
    faxAlsoReported: ['+1 212 502 0245'],
    regions: ['US-NY'],
    confidence: { address: 'high', phone: 'high', fax: 'high', email: 'medium' },
    status: { state: 'open' },
    source: 'test fixture',
    lastChecked: '2026-11-01',
  },
  {
    id: 'us-chicago',
    name: "Consulate General of the People's Republic of China in Chicago",
    city: 'Chicago',
    kind: 'consulate-general',
    country: 'US',
    addressLines: [
      "Consulate General of the People's Republic of China in Chicago",
      '1 East Erie Street, Suite 500',
      'Chicago, IL 60611',
      'USA',
    ],
    phone: '+1 312 803 0095',
    fax: '+1 312 803 0110',
    regions: ['US-IL'],
    confidence: { address: 'high', phone: 'high', fax: 'high', email: 'medium' },
    status: { state: 'open' },
    source: 'test fixture',
    lastChecked: '2026-11-01',
  },
  {
    id: 'us-san-francisco',
    name: "Consulate General of the People's Republic of China in San Francisco",
    city: 'San Francisco',
    kind: 'consulate-general',
    country: 'US',
    addressLines: [
      "Consulate General of the People's Republic of China in San Francisco",
      '1450 Laguna Street',
      'San Francisco, CA 94115',
      'USA',
    ],
    phone: '+1 415 852 5900',
    fax: '+1 415 852 5920',
    regions: ['US-CA'],
    confidence: { address: 'high', phone: 'high', fax: 'high', email: 'medium' },
    status: { state: 'open' },
    source: 'test fixture',
    lastChecked: '2026-11-01',
  },
  {
    id: 'us-los-angeles',
    name: "Consulate General of the People's Republic of China in Los Angeles",
    city: 'Los Angeles',
    kind: 'consulate-general',
    country: 'US',
    addressLines: [
      "Consulate General of the People's Republic of China in Los Angeles",
      '443 Shatto Place',
      'Los Angeles, CA 90020',
      'USA',
    ],
    phone: '+1 213 807 8088',
    fax: '+1 213 807 8091',
    email: 'losangeles@example.org',
    regions: ['US-CA'],
    confidence: { address: 'high', phone: 'high', fax: 'high', email: 'medium' },
    status: { state: 'open' },
    source: 'test fixture',
    lastChecked: '2026-11-01',
  },
];

export const paragraphs = {
  opening:
    'I am writing to respectfully urge the Government of the People’s Republic of China to stop the forced return of North Korean refugees and asylum seekers to the Democratic People’s Republic of Korea.',
  risk:
    'People who are sent back face interrogation, detention in political prison camps, torture and sexual violence. The United Nations Commission of Inquiry found that these returns expose people to crimes against humanity.',
  law:
    'As a State party to the 1951 Refugee Convention and its 1967 Protocol, and to the Convention against Torture, China has committed itself to the principle of non-refoulement: no one may be returned to a country where they would face persecution or torture.',
  optionalUnhcr:
    'I ask that China allow the Office of the United Nations High Commissioner for Refugees unhindered access to North Koreans in China, so that their claims for protection can be heard.',
  closingAsk:
    'I ask you to halt all forced returns, to release those detained for repatriation, and to allow them safe passage to a country of their choice. Thank you for your attention to this urgent humanitarian matter.',
};

export function samplePack(overrides: Partial<LetterPack> = {}): LetterPack {
  return {
    title: 'Letters to stop the forced return of North Korean refugees',
    subject: 'Appeal: do not forcibly return North Korean refugees',
    language: 'en',
    date: new Date('2026-11-22T10:00:00Z'),
    paperSize: 'letter',
    sender: { name: 'Jane Q. Supporter', addressLines: ['12 Elm Street', 'Springfield, IL 62704', 'USA'] },
    letter: {
      addressee: ['His Excellency the President', "of the People's Republic of China"],
      careOf: 'c/o',
      salutation: 'Dear Mr. President:',
      paragraphs: [paragraphs.opening, paragraphs.risk, paragraphs.law, paragraphs.closingAsk],
      ownWords: [],
      closing: 'Respectfully,',
    },
    offices: [offices[0]!],
    ...overrides,
  };
}
