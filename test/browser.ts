// Headless Chromium for browser tests: Debian's chromium driven by playwright-core (Playwright's own
// browser download cannot work on our machines). Flags from shared/notes/media-tests.md: fake
// camera and microphone, loopback ICE candidates, no background traffic to the internet.
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** A fresh browser; Playwright gives each launch a new empty profile, and each context its own storage. */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  return { browser, close: () => browser.close() };
}
