import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../../support/chromium-flags.mjs';

const CHROMIUM_ARGS = [...CHROMIUM_FLAGS];

/**
 * Debian's Chromium, headless, with the flags this machine needs (no tool downloads a browser),
 * and any `extraArgs` a test file needs (e.g. a fake microphone).
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS.concat(extraArgs),
  });
}

/**
 * Chromium with a profile on disk (`userDataDir`), as people browse: its private file system
 * is on disk. A context of {@link launchChromium} is off the record, and keeps that storage in
 * the browser's memory.
 */
export function launchPersistentChromium(userDataDir: string, extraArgs: string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS.concat(extraArgs),
  });
}
