import { after, before } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { startDemo, type DemoServer } from './demo-server.js';

/** The demo (as `npm start` runs it) and a headless Chromium, for the tests of one file. */
export interface DemoRun {
  readonly demo: DemoServer;
  readonly browser: Browser;
}

/** Starts the demo and Chromium (with `chromiumArgs` added) before the file's tests and stops both after them. */
export function useDemo(chromiumArgs: string[] = []): DemoRun {
  const run = {} as { demo: DemoServer; browser: Browser };
  before(async () => {
    run.demo = await startDemo();
    run.browser = await launchChromium(chromiumArgs);
  });
  after(async () => {
    await run.browser?.close();
    await run.demo?.stop();
  });
  return run;
}

/** A customer on a phone: the context options of the customer's side. */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 740 }, isMobile: true, hasTouch: true };

/**
 * The customer link the console shows after "Start session". The field shows before the
 * session exists, so this waits for the link itself.
 */
export async function customerLink(console_: Page): Promise<string> {
  await console_.waitForFunction(() => /#token=/.test((document.getElementById('customer-link') as HTMLInputElement | null)?.value ?? ''));
  return console_.getByLabel('Customer link').inputValue();
}

/** "Add participant" in `page`'s widget: role and name, then the join link it shows. */
export async function addParticipant(page: Page, role: 'Customer' | 'Technician', name: string): Promise<string> {
  await page.getByRole('button', { name: 'Add participant' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add participant' });
  await dialog.getByRole('radio', { name: role }).check();
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const link = await dialog.getByRole('textbox', { name: 'Join link' }).inputValue({ timeout: 10_000 });
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await dialog.getByRole('status').getByText(/Link copied|Select the link/).waitFor({ timeout: 5_000 });
  await dialog.getByRole('button', { name: 'Done' }).click();
  return link;
}
