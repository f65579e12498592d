import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { isOpen, officeFileSchema, type Office } from './office.ts';
import { isCountryCode, POSTCODE_PATTERNS } from './countries.ts';
import { knowsRegionsOf, regionName } from './regions.ts';
import { campaignSchema, type Campaign } from './campaign.ts';
import { campaignTranslationSchema, originalLanguageOf, translatedCampaign, translationMismatches, type CampaignVersion } from './translation.ts';
import { LANGUAGES, type Language } from '../i18n/languages.ts';

/**
 * The campaigns and the office address book, read once from plain data files:
 *   <contentDir>/offices/*.json              arrays of offices (officeFileSchema)
 *   <contentDir>/campaigns/<slug>/campaign.json   one campaign each (campaignSchema)
 *   <contentDir>/campaigns/<slug>/translations/<language>.json   its words in other languages (optional)
 * A new campaign or office is a new file, never a code change. Everything is checked at load time so a
 * broken file stops the server at boot with a message naming the file and the field, not mid-request.
 */
export interface Catalog {
  /** Live campaigns only, by slug: what the home page lists. */
  listCampaigns(): Campaign[];
  /** Every campaign, drafts and closed ones too, by slug: for organizers. */
  listAllCampaigns(): Campaign[];
  /** Any status (draft, live, closed): the caller decides what to show. */
  getCampaign(slug: string): Campaign | undefined;
  /** The campaign's open offices, in the campaign's order. A closed or unverified office is never offered. */
  offeredOffices(campaign: Campaign): Office[];
  /** Every office the campaign writes to, whatever its state, in the campaign's order: what its counts may be about. */
  officesOf(campaign: Campaign): Office[];
  /** The countries the campaign has offices in (any state), in the campaign's order. */
  countriesOf(campaign: Campaign): string[];
  /** Offered offices whose district includes the region, an ISO 3166-2 code ("US-CA" gives two). Case-insensitive. */
  officesForRegion(campaign: Campaign, regionCode: string): Office[];
  /**
   * The regions a country's offices serve, offered or not, sorted by name, for a "your state or province" picker:
   * a region whose own office is not offered is still listed, and the picker says so.
   */
  regionsOf(campaign: Campaign, country: string): RegionOption[];
  /** Any office in the address book, open or closed. */
  getOffice(id: string): Office | undefined;
  /** The campaign in each language it has: its own first, then its translations in the site's language order. */
  versionsOf(campaign: Campaign): CampaignVersion[];
  /** The campaign in `language`, when it has that language. */
  campaignIn(campaign: Campaign, language: Language): CampaignVersion | undefined;
}

export interface RegionOption {
  /** ISO 3166-2 ("US-IL"). */
  code: string;
  name: string;
}

export interface ContentProblem {
  /** The file as shown to the editor: relative to the working directory when inside it. */
  file: string;
  /** Field path inside the file ("letter.paragraphs[2].label"); empty for the whole file. */
  field: string;
  message: string;
}

/** Content that cannot be served. Lists every problem found, one per line: `file: field: problem`. */
export class ContentError extends Error {
  readonly code = 'CONTENT_INVALID';
  constructor(readonly problems: ContentProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ContentError';
  }
}

function formatProblem(p: ContentProblem): string {
  return p.field ? `${p.file}: ${p.field}: ${p.message}` : `${p.file}: ${p.message}`;
}

export async function loadCatalog(contentDir: string): Promise<Catalog> {
  const problems: ContentProblem[] = [];
  const offices = await loadOffices(path.join(contentDir, 'offices'), problems);
  const campaigns = await loadCampaigns(path.join(contentDir, 'campaigns'), offices, problems);
  if (problems.length > 0) throw new ContentError(problems);
  return createCatalog(
    new Map([...offices.byId].map(([id, { office }]) => [id, office])),
    new Map([...campaigns].map(([slug, { campaign, officeIds, versions }]) => [slug, { campaign, officeIds, versions }])),
  );
}

// ---------------------------------------------------------------------------------------------------------------

interface Loaded<T> {
  file: string;
  value: T;
}

interface OfficeBook {
  /** In the book's order: files by name, offices as listed in each. */
  byId: Map<string, { office: Office; file: string }>;
  /** Ids seen in office files that failed validation: already reported, so campaigns naming them are not. */
  broken: Set<string>;
}

async function loadOffices(dir: string, problems: ContentProblem[]): Promise<OfficeBook> {
  const byId = new Map<string, { office: Office; file: string }>();
  const broken = new Set<string>();
  const names = await listEntries(dir, problems, (e) => e.isFile() && e.name.endsWith('.json'));
  for (const name of names) {
    const loaded = await readJson(path.join(dir, name), problems);
    if (!loaded) continue;
    const parsed = officeFileSchema.safeParse(loaded.value);
    if (!parsed.success) {
      problems.push(...zodProblems(loaded.file, parsed.error, (index) => officeIdAt(loaded.value, index)));
      if (Array.isArray(loaded.value)) {
        for (const entry of loaded.value as unknown[]) {
          const id = (entry as { id?: unknown } | null)?.id;
          if (typeof id === 'string') broken.add(id);
        }
      }
      continue;
    }
    parsed.data.forEach((office, i) => {
      const problem = (field: string, message: string) => problems.push({ file: loaded.file, field: `[${i}].${field}`, message });
      const earlier = byId.get(office.id);
      if (earlier) {
        problem('id', `duplicate office id "${office.id}" (already defined in ${earlier.file})`);
        return;
      }
      byId.set(office.id, { office, file: loaded.file });
      if (!isCountryCode(office.country)) problem('country', `"${office.country}" is not an ISO 3166-1 country code`);
      // A region code that names no region is a typo that would hide the office from the picker.
      if (knowsRegionsOf(office.country)) {
        office.regions.forEach((code, j) => {
          if (!regionName(code)) problem(`regions[${j}]`, `"${code}" is not a region of ${office.country}`);
        });
      }
      // An address a supporter is given must be whole: where the country has postcodes, the office's has one.
      const postcode = POSTCODE_PATTERNS[office.country];
      if (office.status.state === 'open' && postcode && !office.addressLines.some((line) => postcode.test(line))) {
        problem('addressLines', `no postcode in the address: an office is offered only with its whole address; mark it unverified until the postcode is confirmed`);
      }
    });
  }
  return { byId, broken };
}

async function loadCampaigns(
  dir: string,
  { byId: offices, broken }: OfficeBook,
  problems: ContentProblem[],
): Promise<Map<string, LoadedCampaign>> {
  const bySlug = new Map<string, LoadedCampaign>();
  const folders = await listEntries(dir, problems, (e) => e.isDirectory());
  for (const folder of folders) {
    const loaded = await readJson(path.join(dir, folder, 'campaign.json'), problems);
    if (!loaded) continue;
    const parsed = campaignSchema.safeParse(loaded.value);
    if (!parsed.success) {
      problems.push(...zodProblems(loaded.file, parsed.error));
      continue;
    }
    const campaign = parsed.data;
    const problem = (field: string, message: string) => problems.push({ file: loaded.file, field, message });
    const before = problems.length;

    // Checked before the folder name: copying a campaign folder and forgetting to change the slug is the usual way in.
    const earlier = bySlug.get(campaign.slug);
    if (earlier) problem('slug', `duplicate slug "${campaign.slug}" (already used by ${earlier.file})`);
    if (campaign.slug !== folder) problem('slug', `"${campaign.slug}" does not match its folder name "${folder}"`);

    // A closed office may stay listed (retiring an office is then a one-line change in the address book);
    // it simply drops out of offeredOffices. An unknown id is a typo and is refused.
    const named = campaign.offices ?? [];
    named.forEach((id, i) => {
      if (!offices.has(id) && !broken.has(id)) problem(`offices[${i}]`, `unknown office id "${id}"`);
    });
    const countries = campaign.countries === 'all' ? undefined : new Set(campaign.countries ?? []);
    if (Array.isArray(campaign.countries)) {
      campaign.countries.forEach((code, i) => {
        if (!isCountryCode(code)) problem(`countries[${i}]`, `"${code}" is not an ISO 3166-1 country code`);
      });
    }
    // The named offices first, then every office of the campaign's countries, in the book's order.
    const fromCountries = campaign.countries
      ? [...offices.values()].filter(({ office }) => !countries || countries.has(office.country)).map(({ office }) => office.id)
      : [];
    const officeIds = [...new Set([...named.filter((id) => offices.has(id)), ...fromCountries])];
    const anyOpen = officeIds.some((id) => isOpen(offices.get(id)!.office));
    if (campaign.status === 'live' && !anyOpen && named.every((id) => offices.has(id))) {
      problem(campaign.countries ? 'countries' : 'offices', 'a live campaign needs at least one open office');
    }

    const versions = await loadTranslations(path.join(dir, folder, 'translations'), campaign, problems);

    if (problems.length === before && !earlier) bySlug.set(campaign.slug, { campaign, file: loaded.file, officeIds, versions });
  }
  return bySlug;
}

interface LoadedCampaign {
  campaign: Campaign;
  file: string;
  officeIds: string[];
  /** By language, the campaign's own included. */
  versions: Map<Language, CampaignVersion>;
}

/**
 * A campaign's translations. Each must match its campaign: the same paragraph ids and as many background points,
 * so no language's letter can say more or less than the campaign counts. A mismatch stops start-up, naming the file
 * and the paragraph.
 */
async function loadTranslations(dir: string, campaign: Campaign, problems: ContentProblem[]): Promise<Map<Language, CampaignVersion>> {
  const original = originalLanguageOf(campaign);
  const versions = new Map<Language, CampaignVersion>([[original, { language: original, campaign }]]);
  // A campaign without a translations folder has none: not a problem.
  const names = await listEntries(dir, problems, (e) => e.isFile() && e.name.endsWith('.json'), { optional: true });
  for (const name of names) {
    const loaded = await readJson(path.join(dir, name), problems);
    if (!loaded) continue;
    const parsed = campaignTranslationSchema.safeParse(loaded.value);
    if (!parsed.success) {
      problems.push(...zodProblems(loaded.file, parsed.error));
      continue;
    }
    const translation = parsed.data;
    const problem = (field: string, message: string) => problems.push({ file: loaded.file, field, message });
    const language = translation.language as Language;
    if (path.basename(name, '.json') !== language) problem('language', `"${language}" does not match the file's name "${name}"`);
    if (language === original) problem('language', `the campaign itself is written in "${campaign.language}": a translation into it would replace the original`);
    const mismatches = translationMismatches(campaign, translation);
    for (const m of mismatches) problem(m.field, m.message);
    if (mismatches.length === 0 && language !== original) {
      versions.set(language, {
        language,
        campaign: deepFrozen(translatedCampaign(campaign, translation)),
        translation: { by: translation.translatedBy, reviewed: translation.reviewedByOrganizer },
      });
    }
  }
  return versions;
}

const deepFrozen = <T>(value: T): T => {
  deepFreeze(value);
  return value;
};

function createCatalog(offices: Map<string, Office>, campaigns: Map<string, Omit<LoadedCampaign, 'file'>>): Catalog {
  deepFreeze(offices);
  deepFreeze(campaigns);
  const all = [...campaigns.values()].map((c) => c.campaign).sort((a, b) => a.slug.localeCompare(b.slug));
  const live = all.filter((c) => c.status === 'live');

  const officesOf = (campaign: Campaign): Office[] => (campaigns.get(campaign.slug)?.officeIds ?? []).map((id) => offices.get(id)!);
  const offeredOffices = (campaign: Campaign): Office[] => officesOf(campaign).filter(isOpen);

  return {
    listCampaigns: () => [...live],
    listAllCampaigns: () => [...all],
    getCampaign: (slug) => campaigns.get(slug)?.campaign,
    offeredOffices,
    officesOf,
    countriesOf: (campaign) => [...new Set(officesOf(campaign).map((o) => o.country))],
    officesForRegion(campaign, regionCode) {
      const code = regionCode.trim().toUpperCase();
      return offeredOffices(campaign).filter((office) => office.regions.includes(code));
    },
    regionsOf(campaign, country) {
      const codes = new Set(officesOf(campaign).filter((o) => o.country === country && o.status.state !== 'closed').flatMap((o) => o.regions));
      return [...codes].map((code) => ({ code, name: regionName(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name, 'en'));
    },
    getOffice: (id) => offices.get(id),
    versionsOf(campaign) {
      const versions = campaigns.get(campaign.slug)?.versions;
      if (!versions) return [];
      const original = originalLanguageOf(campaigns.get(campaign.slug)!.campaign);
      return [versions.get(original)!, ...LANGUAGES.filter((l) => l !== original && versions.has(l)).map((l) => versions.get(l)!)];
    },
    campaignIn: (campaign, language) => campaigns.get(campaign.slug)?.versions.get(language),
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** Names of the entries of a content folder, sorted, hidden ones skipped; an `optional` folder may be missing. */
async function listEntries(
  dir: string,
  problems: ContentProblem[],
  keep: (entry: Dirent) => boolean,
  { optional = false } = {},
): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => !e.name.startsWith('.') && keep(e))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if (!(optional && (error as NodeJS.ErrnoException).code === 'ENOENT')) {
      problems.push({ file: displayPath(dir), field: '', message: describeFsError(error, 'folder') });
    }
    return [];
  }
}

async function readJson(file: string, problems: ContentProblem[]): Promise<Loaded<unknown> | undefined> {
  const shown = displayPath(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    problems.push({ file: shown, field: '', message: describeFsError(error, 'file') });
    return undefined;
  }
  text = text.replace(/^\uFEFF/, '');
  try {
    return { file: shown, value: JSON.parse(text) as unknown };
  } catch (error) {
    problems.push({ file: shown, field: '', message: `invalid JSON: ${jsonErrorMessage(error, text)}` });
    return undefined;
  }
}

function describeFsError(error: unknown, what: 'file' | 'folder'): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${what} not found`;
  if (code === 'ENOTDIR') return 'not a folder';
  return `cannot read the ${what}: ${(error as Error).message}`;
}

/** Node's JSON errors give a character offset; an editor wants a line and column. */
function jsonErrorMessage(error: unknown, text: string): string {
  const message = (error as Error).message;
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return message;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

/** One problem per zod issue, with the field path written the way an editor reads it. */
function zodProblems(file: string, error: z.ZodError, describeIndex?: (index: number) => string | undefined): ContentProblem[] {
  return error.issues.map((issue) => {
    let fieldPath = issue.path;
    let message = issue.message;
    // "Unrecognized key" on the object reads better as the key itself being unknown.
    if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) {
      fieldPath = [...issue.path, issue.keys[0] as string];
      message = 'unknown field (check the spelling)';
    }
    const first = fieldPath[0];
    const hint = typeof first === 'number' ? describeIndex?.(first) : undefined;
    return { file, field: formatPath(fieldPath), message: hint ? `${message} (${hint})` : message };
  });
}

export function formatPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

function officeIdAt(value: unknown, index: number): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const entry: unknown = value[index];
  if (entry && typeof entry === 'object' && 'id' in entry && typeof entry.id === 'string') return `office "${entry.id}"`;
  return undefined;
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/** The catalog is shared by every request: freezing it turns an accidental mutation into an immediate error. */
function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  if (value instanceof Map) {
    for (const v of value.values()) deepFreeze(v);
    return; // a frozen Map can still be set(); the Map itself never leaves this module
  }
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
