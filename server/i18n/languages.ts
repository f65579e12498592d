/**
 * The languages the interface ships in, and how a page's language is chosen. Ids are BCP 47 tags: they name the
 * message folders (templates/messages/<id>/), campaign translations (translations/<id>.json) and the URL prefix
 * (/ko/c/<slug>). Chinese is split by script, not country: zh-Hans (Simplified) and zh-Hant (Traditional).
 */
export const LANGUAGES = ['en', 'ko', 'ja', 'zh-Hans', 'zh-Hant', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's name in itself, as the switcher shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  ko: '한국어',
  ja: '日本語',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
};

/** The one Chinese the embassies read: the "Add a Chinese translation" pages are in it. */
export const EMBASSY_LANGUAGE: Language = 'zh-Hans';

const BY_LOWER = new Map<string, Language>(LANGUAGES.map((id) => [id.toLowerCase(), id]));

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** All of them are written left to right; `dir` is still set on every page, so a right-to-left one only adds a row here. */
export const directionOf = (_language: Language): 'ltr' | 'rtl' => 'ltr';

/** Chinese tags name a script or, more often, a place: zh-TW, zh-HK and zh-MO write Traditional, the rest Simplified. */
function chineseScript(subtags: string[]): Language {
  if (subtags.includes('hant')) return 'zh-Hant';
  if (subtags.includes('hans')) return 'zh-Hans';
  return subtags.some((s) => s === 'tw' || s === 'hk' || s === 'mo') ? 'zh-Hant' : 'zh-Hans';
}

/** The shipped language a BCP 47 tag asks for ("ko-KR" → ko, "zh-TW" → zh-Hant), or undefined. */
export function languageForTag(tag: string): Language | undefined {
  const subtags = tag.trim().toLowerCase().split(/[-_]/);
  const exact = BY_LOWER.get(subtags.join('-'));
  if (exact) return exact;
  if (subtags[0] === 'zh') return chineseScript(subtags.slice(1));
  return BY_LOWER.get(subtags[0] ?? '');
}

/** The browser's most preferred language we ship (RFC 9110 Accept-Language, q-values honoured), or undefined. */
export function languageFromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const language = languageForTag(tag);
    if (language) return language;
  }
  return undefined;
}

/** The language a supporter in `country` most likely reads, when we ship it: Korea suggests Korean, Japan Japanese. */
const COUNTRY_LANGUAGES: Partial<Record<string, Language>> = {
  KR: 'ko',
  JP: 'ja',
  CN: 'zh-Hans',
  SG: 'zh-Hans',
  TW: 'zh-Hant',
  HK: 'zh-Hant',
  MO: 'zh-Hant',
  DE: 'de',
  AT: 'de',
  LI: 'de',
  FR: 'fr',
  MC: 'fr',
  ES: 'es',
  MX: 'es',
  AR: 'es',
  CL: 'es',
  CO: 'es',
  PE: 'es',
};
export const languageSuggestedFor = (country: string): Language | undefined => COUNTRY_LANGUAGES[country];

/** "/ko/c/slug" → { language: 'ko', rest: '/c/slug' }; a URL without a language prefix gives undefined. */
export function splitLanguagePrefix(url: string): { language: Language; rest: string } | undefined {
  const match = /^\/([A-Za-z]{2}(?:-[A-Za-z]{4})?)(?=[/?#]|$)/.exec(url);
  if (!match) return undefined;
  const language = BY_LOWER.get(match[1]!.toLowerCase());
  if (!language || language !== match[1]) return undefined;
  const rest = url.slice(match[0].length);
  return { language, rest: rest.startsWith('/') ? rest : `/${rest}` };
}

/** `path` without a `lang` query, its other parameters and its #fragment kept; unchanged when it has none. */
export function withoutLanguageQuery(path: string): string {
  const [beforeHash = '', hash] = path.split('#', 2);
  const [pathname = '', query] = beforeHash.split('?', 2);
  const params = new URLSearchParams(query);
  if (!params.has('lang')) return path;
  params.delete('lang');
  const rest = params.toString();
  return `${pathname}${rest ? `?${rest}` : ''}${hash === undefined ? '' : `#${hash}`}`;
}

/**
 * A link to `path` in `language`. Supporters' pages carry the language as a path prefix (/ko/c/slug); the organizer
 * pages as a query (their cookies are scoped to /organize, which a prefix would move them out of).
 */
export function localPath(language: Language, path: string): string {
  if (!path.startsWith('/') || path.startsWith('//')) return path;
  if (path.startsWith('/assets/') || path.startsWith('/api/')) return path;
  if (path.startsWith('/organize')) {
    const [beforeHash = '', hash] = path.split('#', 2);
    const joined = `${beforeHash}${beforeHash.includes('?') ? '&' : '?'}lang=${language}`;
    return hash === undefined ? joined : `${joined}#${hash}`;
  }
  return `/${language}${path === '/' ? '' : path}`;
}
