// Not a test: where the PDF pool's memory goes. Renders the seed campaign's letter in Latin, Korean with its Chinese
// translation, Japanese and Traditional Chinese through a two-thread pool, 10 at a time for 4 s each, and prints the
// process's RSS (main thread and workers) after each. Run: node --import tsx test/benchmark/pdf-memory.ts
import path from 'node:path';
import { loadCatalog } from '../../server/content/catalog.ts';
import type { Language } from '../../server/i18n/languages.ts';
import { composeLetterPack } from '../../server/letters/compose.ts';
import { createPdfRenderer } from '../../server/pdf/pool.ts';
import { REPO_ROOT } from '../support/paths.ts';

const catalog = await loadCatalog(path.join(REPO_ROOT, 'templates'));
const campaign = catalog.listCampaigns()[0]!;
const offices = catalog.offeredOffices(campaign).slice(0, 1);
const renderer = await createPdfRenderer({ threads: 2 });
const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
let peak = 0;
setInterval(() => (peak = Math.max(peak, mb())), 10).unref();

const choices = (name: string) => ({ name, address: '', ownWords: 'Please.', paragraphIds: ['refugee-convention'], offices, paperSize: 'letter' as const, country: 'US' });
const inLanguage = (language: Language) => catalog.campaignIn(campaign, language)!.campaign;
const packs = {
  'Latin': composeLetterPack(campaign, choices('Jane Example'), new Date()),
  'Korean + Chinese translation': composeLetterPack(inLanguage('ko'), choices('김혜숙'), new Date(), inLanguage('zh-Hans')),
  'Japanese': composeLetterPack(inLanguage('ja'), choices('山田花子'), new Date()),
  'Traditional Chinese': composeLetterPack(inLanguage('zh-Hant'), choices('陳美麗'), new Date()),
};

await new Promise((resolve) => setTimeout(resolve, 2000));
console.log(`idle pool: RSS ${mb()} MB`);
for (const [name, pack] of Object.entries(packs)) {
  const end = Date.now() + 4000;
  let made = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (Date.now() < end) {
        await renderer.render(pack);
        made++;
      }
    }),
  );
  console.log(`${name.padEnd(30)} ${String(made).padStart(4)} packs in 4 s   RSS ${mb()} MB, peak so far ${peak} MB`);
}
await renderer.close();
