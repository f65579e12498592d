import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundle, BUNDLE_DIR } from '../../server/shared/bundle.ts';
import { REPO_ROOT } from '../support/paths.ts';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'bundle');

describe('compiling TypeScript into one module (what npm start and the PDF workers run)', () => {
  it('runs with plain node, and each module still finds the files beside its source', async () => {
    const file = fileURLToPath(await bundle(path.join(FIXTURE, 'entry.ts')));
    expect(path.dirname(file)).toBe(BUNDLE_DIR);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      words: 'found beside the source',
      besideMe: path.join(FIXTURE, 'nested'),
      entryUrl: pathToFileURL(path.join(FIXTURE, 'entry.ts')).href,
    });
  });

  it('names a file by its contents unless told a name, so a changed source gets a new file', async () => {
    const first = await bundle(path.join(FIXTURE, 'entry.ts'));
    expect(await bundle(path.join(FIXTURE, 'entry.ts'))).toEqual(first);
    expect(path.basename(fileURLToPath(first))).toMatch(/^entry-[0-9a-f]{16}\.mjs$/);
    const named = fileURLToPath(await bundle(path.join(FIXTURE, 'entry.ts'), 'fixture-entry'));
    expect(path.basename(named)).toBe('fixture-entry.mjs');
    expect(readFileSync(named, 'utf8')).toBe(readFileSync(fileURLToPath(first), 'utf8'));
  });
});
