import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../server/i18n/languages.ts';
import { loadMessages, MESSAGES_DIR, MessagesError } from '../../server/i18n/messages.ts';
import { REPO_ROOT } from '../support/paths.ts';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the shipped message files, to break. */
function messagesCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'appeal-messages-'));
  temps.push(dir);
  cpSync(MESSAGES_DIR, dir, { recursive: true });
  return dir;
}
const edit = (dir: string, language: string, part: string, change: (tree: Record<string, any>) => void) => {
  const file = path.join(dir, language, `${part}.json`);
  const tree = JSON.parse(readFileSync(file, 'utf8'));
  change(tree);
  writeFileSync(file, JSON.stringify(tree));
};
const problemsOf = (dir: string): string[] => {
  try {
    loadMessages(dir);
  } catch (error) {
    if (error instanceof MessagesError) return error.problems;
    throw error;
  }
  return [];
};

describe('message files', () => {
  it('ship every key in every language, each file saying who translated it', () => {
    const messages = loadMessages();
    for (const language of LANGUAGES) expect(messages.note(language).by.length).toBeGreaterThan(0);
    expect(messages.note('en').reviewed).toBe(true);
  });

  it('stop start-up on a missing key, naming the file and the key', () => {
    const dir = messagesCopy();
    edit(dir, 'ko', 'campaign', (tree) => delete tree.compose.heading);
    expect(problemsOf(dir)).toEqual(['templates/messages/ko/campaign.json: missing key "compose.heading"']);
  });

  it('stop start-up on a missing plural form, an unknown variable or a key English does not have', () => {
    const dir = messagesCopy();
    edit(dir, 'de', 'campaign', (tree) => delete tree.submit.count_one);
    edit(dir, 'fr', 'site', (tree) => (tree.errorTitle = 'Erreur : {{titre}}'));
    edit(dir, 'es', 'site', (tree) => (tree.skipLnk = 'Saltar'));
    expect(problemsOf(dir)).toEqual([
      'templates/messages/de/campaign.json: missing key "submit.count_one"',
      'templates/messages/fr/site.json: key "errorTitle" uses {{titre}}, which English\'s does not pass',
      'templates/messages/es/site.json: key "skipLnk" is not in English (a typo, or an old key)',
    ]);
  });

  it('use plural forms by the language’s own rules', () => {
    const messages = loadMessages();
    const en = messages.forLanguage('en');
    expect(en('campaign.submit.count', { count: 1 })).toBe('You will get 1 letter: one for the office ticked.');
    expect(en('campaign.submit.count', { count: 3 })).toBe('You will get 3 letters: one for each office ticked.');
    // Korean has one form, German two: each language's file holds exactly the forms its rules name.
    const ko = JSON.parse(readFileSync(path.join(MESSAGES_DIR, 'ko', 'campaign.json'), 'utf8'));
    expect(Object.keys(ko.submit).filter((k) => k.startsWith('count_'))).toEqual(['count_other']);
  });

  it('have every key the templates and the code name, in English and so in every language', () => {
    const messages = loadMessages();
    const used = new Set<string>();
    const walk = (dir: string, ext: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []));
    for (const file of walk(path.join(REPO_ROOT, 'templates'), '.hbs')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\{\{t "([^"]+)"/g)) used.add(m[1]!);
    }
    for (const file of walk(path.join(REPO_ROOT, 'server'), '.ts')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'((?:site|campaign|next-steps|organize|pdf)\.[^'$`]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((key) => !messages.has(key));
    expect(missing).toEqual([]);
  });
});
