import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/paths.ts';

/** Every page the app draws goes through these templates: nothing in them may print unescaped text. */
describe('templates', () => {
  it('never print anything unescaped, except the layout inserting the rendered page', () => {
    const files = listFiles(path.join(REPO_ROOT, 'templates')).filter((f) => f.endsWith('.hbs'));
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const unescaped = source.match(/\{\{\{[^}]*\}\}\}/g) ?? [];
      const allowed = file.endsWith(path.join('layouts', 'main.hbs')) ? ['{{{body}}}'] : [];
      expect(unescaped, file).toEqual(allowed);
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
