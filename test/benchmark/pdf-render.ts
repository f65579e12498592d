// Not a test: prints how long renderLetterPack takes. Run: npx tsx test/benchmark/pdf-render.ts
import { preloadFonts, renderLetterPack, type LetterPack } from '../../server/pdf/index.ts';
import { offices, samplePack } from '../support/sample-pack.ts';

const ROUNDS = 200;

async function time(label: string, pack: LetterPack): Promise<void> {
  for (let i = 0; i < 20; i++) await renderLetterPack(pack); // warm-up (JIT, caches)
  const start = performance.now();
  let bytes = 0;
  for (let i = 0; i < ROUNDS; i++) bytes += (await renderLetterPack(pack)).length;
  const ms = (performance.now() - start) / ROUNDS;
  console.log(`${label.padEnd(28)} ${ms.toFixed(2)} ms/pack  ${(1000 / ms).toFixed(0)} packs/s  ${(bytes / ROUNDS / 1024).toFixed(1)} KiB`);
}

let t = performance.now();
preloadFonts();
console.log(`preload serif faces           ${(performance.now() - t).toFixed(1)} ms`);
t = performance.now();
preloadFonts({ cjk: true });
console.log(`preload CJK faces             ${(performance.now() - t).toFixed(1)} ms`);

const base = samplePack();
await time('1 office, Latin name', base);
await time('1 office, Hangul name', samplePack({ sender: { ...base.sender, name: '김혜숙' } }));
await time('1 office, Chinese name', samplePack({ sender: { ...base.sender, name: '李明' } }));
await time('5 offices, Latin name', samplePack({ offices }));
await time('5 offices, Hangul own words', samplePack({
  offices,
  sender: { ...base.sender, name: '김혜숙' },
  letter: { ...base.letter, ownWords: ['저는 북한 난민들의 강제 송환을 멈춰 주실 것을 간곡히 부탁드립니다. 감사합니다.'] },
}));
console.log(`heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
