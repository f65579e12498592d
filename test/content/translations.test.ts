import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, loadCatalog } from '../../server/content/catalog.ts';
import { LANGUAGES } from '../../server/i18n/languages.ts';
import { copyContent } from '../support/content.ts';
import { REAL_CONTENT_DIR } from '../support/paths.ts';

const SEED = 'campaigns/stop-forced-return';
const copies: Array<{ cleanup(): Promise<void> }> = [];
afterEach(async () => {
  for (const copy of copies.splice(0)) await copy.cleanup();
});
async function seedCopy() {
  const copy = await copyContent(REAL_CONTENT_DIR);
  copies.push(copy);
  return copy;
}
async function problems(dir: string): Promise<string[]> {
  const error = await loadCatalog(dir).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ContentError);
  return (error as ContentError).message.split('\n');
}
/** Every number written in digits, separators dropped: "2,000" and "2.000" are both 2000. */
const numbersIn = (text: string) => new Set([...text.replace(/(\d)[,.\u202f ](?=\d{3}\b)/g, '$1').matchAll(/\d+/g)].map((m) => m[0]));

describe('campaign translations', () => {
  it('give the seed campaign in every shipped language, faithful in shape and in every number', async () => {
    const catalog = await loadCatalog(REAL_CONTENT_DIR);
    const campaign = catalog.getCampaign('stop-forced-return')!;
    expect(catalog.versionsOf(campaign).map((v) => v.language)).toEqual([...LANGUAGES]);
    for (const { language, campaign: version, translation } of catalog.versionsOf(campaign).slice(1)) {
      expect(translation, language).toMatchObject({ reviewed: false });
      // The same paragraphs, optional where the campaign's are, in the same order.
      expect(version.letter.paragraphs.map((p) => [p.id, p.optional, p.closing])).toEqual(campaign.letter.paragraphs.map((p) => [p.id, p.optional, p.closing]));
      // The dated facts stay true: every number of the original is in the translation.
      const pairs = [
        ...campaign.letter.paragraphs.map((p, i) => [p.text, version.letter.paragraphs[i]!.text]),
        ...campaign.background.points.map((p, i) => [p.text, version.background.points[i]!.text]),
        [campaign.summary, version.summary],
      ];
      for (const [original, translated] of pairs) {
        for (const number of numbersIn(original!)) expect(numbersIn(translated!), `${language}: ${number} in “${translated!.slice(0, 60)}…”`).toContain(number);
      }
    }
  });

  it('stop start-up on a missing paragraph or an added one, naming the file and the paragraph', async () => {
    const copy = await seedCopy();
    await copy.edit(`${SEED}/translations/ko.json`, (json) => {
      delete json.letter.paragraphs['let-unhcr-help'];
      json.letter.paragraphs['new-paragraph'] = { text: '새 문단' };
    });
    expect(await problems(copy.dir)).toEqual([
      expect.stringMatching(/translations\/ko\.json: letter\.paragraphs\.let-unhcr-help: missing: the campaign's letter has paragraph "let-unhcr-help"$/),
      expect.stringMatching(/translations\/ko\.json: letter\.paragraphs\.new-paragraph: the campaign's letter has no paragraph "new-paragraph"/),
    ]);
  });

  it('stop start-up on a lost background point, a missing label, or a file named for another language', async () => {
    const copy = await seedCopy();
    await copy.edit(`${SEED}/translations/de.json`, (json) => {
      json.background.points.pop();
      delete json.letter.paragraphs['refugee-convention'].label;
    });
    await copy.edit(`${SEED}/translations/fr.json`, (json) => void (json.language = 'es'));
    const found = await problems(copy.dir);
    expect(found).toContainEqual(expect.stringMatching(/de\.json: letter\.paragraphs\.refugee-convention\.label: an optional paragraph needs its label translated/));
    expect(found).toContainEqual(expect.stringMatching(/de\.json: background\.points: 6 points, but the campaign has 7/));
    expect(found).toContainEqual(expect.stringMatching(/fr\.json: language: "es" does not match the file's name "fr\.json"/));
  });
});
