// npm start, first step: compiles the server into one JavaScript module, which the second step runs without tsx
// (about 45 MB less memory; README → Benchmark). `npm run dev` and the tests run the sources through tsx.
import { bundleServer } from './shared/bundle.ts';

try {
  await bundleServer();
} catch (error) {
  console.error(`appeal-letters could not compile its server:\n${error instanceof Error ? error.message : String(error)}`);
  console.error('Run it from the sources instead: node --import tsx server/main.ts');
  process.exitCode = 1;
}
