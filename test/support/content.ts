import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURE_CONTENT_DIR } from './paths.ts';

/**
 * A throw-away copy of a content folder, for breaking it on purpose.
 * `edit` changes a JSON file in place; `write` writes raw text (for invalid JSON).
 */
export async function copyContent(from = FIXTURE_CONTENT_DIR, parent = tmpdir()) {
  const dir = await mkdtemp(path.join(parent, 'content-'));
  await cp(path.join(from, 'offices'), path.join(dir, 'offices'), { recursive: true });
  await cp(path.join(from, 'campaigns'), path.join(dir, 'campaigns'), { recursive: true });
  return {
    dir,
    file: (relative: string) => path.join(dir, relative),
    async edit<T = any>(relative: string, change: (json: T) => T | void) {
      const file = path.join(dir, relative);
      const json = JSON.parse(await readFile(file, 'utf8')) as T;
      const result = change(json);
      await writeFile(file, JSON.stringify(result === undefined ? json : result, null, 2));
    },
    write: (relative: string, text: string) => writeFile(path.join(dir, relative), text),
    /** The fixture's campaign once more, under another slug and with `changes` (a draft, a closed one...). */
    async addFixtureCampaign(changes: { slug: string } & Record<string, unknown>) {
      const fixture = JSON.parse(await readFile(path.join(FIXTURE_CONTENT_DIR, 'campaigns/fixture-appeal/campaign.json'), 'utf8'));
      await mkdir(path.join(dir, 'campaigns', changes.slug), { recursive: true });
      await writeFile(path.join(dir, 'campaigns', changes.slug, 'campaign.json'), JSON.stringify({ ...fixture, ...changes }));
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
