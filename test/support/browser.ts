import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from './requirements.ts';

/**
 * The system's Chromium, headless, with nothing of its own going to the network: without the background-networking
 * flags it tries Google's hosts at every start, which this machine's closed network refuses.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
