import i18next, { type i18n, type TFunction } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGES, DEFAULT_LANGUAGE, type Language } from './languages.ts';

/**
 * The interface's words: templates/messages/<language>/<part>.json, one folder per language, one file per part of the
 * site (site, campaign, next-steps, organize, pdf). A key is written "<part>.<path>" ("campaign.compose.heading").
 * Plurals use i18next's suffixes (_one, _other, … as Intl.PluralRules names them for the language).
 *
 * Every language must have exactly English's keys, every plural form its language needs, and no {{variable}} that
 * English does not pass: start-up stops otherwise, naming the file and the key, so no page ever shows a raw key.
 */
export const MESSAGES_DIR = path.resolve(import.meta.dirname, '../../templates/messages');

/** A message file's own record of who translated it; read by the README's list and the organizer pages. */
export interface TranslationNote {
  by: string;
  /** Whether a native speaker has read it against the English. */
  reviewed: boolean;
}

export class MessagesError extends Error {
  constructor(readonly problems: string[]) {
    super(`The message files have problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MessagesError';
  }
}

export type Translate = TFunction;
export interface Messages {
  /** `t` for one language: every request gets its own, so overlapping requests never share a language. */
  forLanguage(language: Language): Translate;
  has(key: string): boolean;
  note(language: Language): TranslationNote;
}

type Tree = { [key: string]: string | Tree };
const NOTE_KEY = '_translation';
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    if (key === NOTE_KEY) continue;
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') into.set(full, value);
    else if (value && typeof value === 'object') flatten(value, full, into);
  }
  return into;
}

const variablesOf = (text: string) => new Set([...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]!));

function readLanguage(dir: string, language: Language, problems: string[]) {
  const folder = path.join(dir, language);
  const parts: Record<string, Tree> = {};
  const flat = new Map<string, string>();
  let note: TranslationNote | undefined;
  let files: string[] = [];
  try {
    files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  } catch {
    problems.push(`${path.relative(process.cwd(), folder)}: the folder is missing`);
  }
  for (const file of files) {
    const where = path.relative(process.cwd(), path.join(folder, file));
    let tree: Tree;
    try {
      tree = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Tree;
    } catch (error) {
      problems.push(`${where}: not valid JSON (${(error as Error).message})`);
      continue;
    }
    const part = path.basename(file, '.json');
    const fileNote = tree[NOTE_KEY] as unknown as TranslationNote | undefined;
    if (!fileNote || typeof fileNote.by !== 'string' || typeof fileNote.reviewed !== 'boolean') {
      problems.push(`${where}: "${NOTE_KEY}" must say who translated it and whether a native speaker reviewed it ({ "by": "…", "reviewed": false })`);
    } else if (!note || !fileNote.reviewed) note = fileNote;
    parts[part] = tree;
    for (const [key, value] of flatten(tree, part)) flat.set(key, value);
  }
  return { parts, flat, note: note ?? { by: 'unknown', reviewed: false } };
}

/** Loads and checks every language's messages; throws MessagesError listing every problem found. */
export function loadMessages(dir = MESSAGES_DIR): Messages {
  const problems: string[] = [];
  const read = new Map(LANGUAGES.map((language) => [language, readLanguage(dir, language, problems)]));
  const english = read.get(DEFAULT_LANGUAGE)!.flat;
  const fileOf = (language: Language, key: string) => `templates/messages/${language}/${key.split('.')[0]}.json`;
  const inPart = (key: string) => key.slice(key.indexOf('.') + 1);

  const englishBases = new Map<string, Set<string>>();
  for (const [key, text] of english) {
    const base = key.replace(PLURAL_SUFFIX, '');
    const vars = englishBases.get(base) ?? new Set<string>();
    for (const v of variablesOf(text)) vars.add(v);
    englishBases.set(base, vars);
  }

  for (const language of LANGUAGES) {
    if (language === DEFAULT_LANGUAGE) continue;
    const { flat } = read.get(language)!;
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const [base, vars] of englishBases) {
      const plural = english.has(`${base}_other`);
      const needed = plural ? categories.map((c) => `${base}_${c}`) : [base];
      for (const key of needed) {
        const text = flat.get(key);
        if (text === undefined) {
          problems.push(`${fileOf(language, key)}: missing key "${inPart(key)}"`);
          continue;
        }
        for (const v of variablesOf(text)) {
          if (!vars.has(v)) problems.push(`${fileOf(language, key)}: key "${inPart(key)}" uses {{${v}}}, which English's does not pass`);
        }
      }
    }
    for (const key of flat.keys()) {
      const base = key.replace(PLURAL_SUFFIX, '');
      if (!englishBases.has(base) && !englishBases.has(key)) problems.push(`${fileOf(language, key)}: key "${inPart(key)}" is not in English (a typo, or an old key)`);
    }
  }
  if (problems.length > 0) throw new MessagesError(problems);

  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries([...read].map(([language, { parts }]) => [language, { translation: parts }])),
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    // Handlebars escapes what a helper returns; escaping here too would print "&amp;".
    interpolation: { escapeValue: false },
    returnNull: false,
  } as Parameters<i18n['init']>[0]);

  // i18next's own fixed-language t copies its whole options object on every call (a page makes hundreds): a message
  // without values is looked up once per language and kept; one with values goes to i18next each time.
  const translateIn = (language: Language): Translate => {
    const plain = new Map<string, string>();
    const translate = ((key: string, options?: Record<string, unknown>) => {
      if (options === undefined) {
        let text = plain.get(key);
        if (text === undefined) plain.set(key, (text = instance.t(key, { lng: language }) as string));
        return text;
      }
      return instance.t(key, { ...options, lng: language });
    }) as unknown as Translate;
    return translate;
  };
  const fixed = new Map(LANGUAGES.map((language) => [language, translateIn(language)]));
  return {
    forLanguage: (language) => fixed.get(language)!,
    has: (key) => english.has(key) || english.has(`${key}_other`),
    note: (language) => read.get(language)!.note,
  };
}

/**
 * A plural message's forms for a page's script, by the language's Intl.PluralRules categories ("one", "other"…),
 * `values` filled in (placeholders such as "{n}" for the script to replace). The script picks the category itself.
 */
export function pluralForms(t: Translate, language: string, key: string, values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(new Intl.PluralRules(language).resolvedOptions().pluralCategories.map((category) => [category, t(`${key}_${category}`, values)]));
}

let shared: Messages | undefined;
/** This process's messages, loaded once: for work outside a request (a PDF worker thread) and for defaults. */
export const sharedMessages = (): Messages => (shared ??= loadMessages());
