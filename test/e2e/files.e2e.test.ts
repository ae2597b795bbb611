import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { customerLink, PHONE, useDemo } from './support/demo-pages.js';

/** A real document from the repository's test fixtures. */
const FIXTURE = new URL('../fixtures/pdf/tracemonkey.pdf', import.meta.url);
const NAME = 'tracemonkey.pdf';

const e2e = useDemo();

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test('a customer attaches a real document; the technician sees its card, downloads the same bytes and previews it', { timeout: 90_000 }, async () => {
  const technician = await e2e.browser.newContext({ acceptDownloads: true });
  const customer = await e2e.browser.newContext(PHONE);
  try {
    const console_ = await technician.newPage();
    const pageErrors: string[] = [];
    console_.on('pageerror', (e) => pageErrors.push(e.message));
    await console_.goto(`${e2e.demo.url}/`);
    await console_.getByRole('button', { name: 'Start session' }).click();
    const join = await customer.newPage();
    join.on('pageerror', (e) => pageErrors.push(e.message));
    await join.goto(await customerLink(console_));
    await join.getByRole('textbox', { name: 'Message' }).waitFor();

    // The customer attaches the file with a caption typed first.
    await join.getByRole('textbox', { name: 'Message' }).fill('The error report from the printer');
    await join.getByLabel('Attach files').setInputFiles(fileURLToPath(FIXTURE));
    // The caption went with the file.
    assert.equal(await join.getByRole('textbox', { name: 'Message' }).inputValue(), '');

    // The technician sees the card: name, size, who shared it, the caption.
    const log = console_.getByRole('log');
    const download = log.getByRole('link', { name: `Download ${NAME}` });
    await download.waitFor({ timeout: 30_000 });
    await log.getByText('The error report from the printer').waitFor();
    await log.getByText(/992 kB · shared by Customer/).waitFor();
    // The customer's own card has the same buttons, Delete included.
    await join.getByRole('button', { name: `Delete ${NAME}` }).waitFor();

    // Downloading gives the same bytes as the fixture.
    const [file] = await Promise.all([console_.waitForEvent('download'), download.click()]);
    assert.equal(file.suggestedFilename(), NAME);
    const downloaded = await readFile((await file.path())!);
    assert.equal(sha256(downloaded), sha256(await readFile(FIXTURE)));

    // Preview opens the dialog (loaded on first use) on the first page of the PDF.
    const preview = log.getByRole('button', { name: `Preview ${NAME}` });
    await preview.click();
    const dialog = console_.getByRole('dialog', { name: NAME });
    await dialog.waitFor({ timeout: 15_000 });
    await dialog.getByText(/Page 1 of 14/).first().waitFor({ timeout: 20_000 });
    await console_.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await preview.evaluate((el) => el.matches(':focus')), true, 'the focus is back on Preview');
    assert.deepEqual(pageErrors, []);
  } finally {
    await technician.close();
    await customer.close();
  }
});

test('a customer attaches a short video: the technician sees its duration and poster and plays it in the message, under the demo’s CSP', { timeout: 90_000 }, async () => {
  const technician = await e2e.browser.newContext();
  const customer = await e2e.browser.newContext(PHONE);
  try {
    const console_ = await technician.newPage();
    // Page errors, and what the CSP refused: the sender measures the clip from a blob: URL
    // (media-src blob:), the player streams it from the relay (media-src 'self' here).
    const problems: string[] = [];
    const watch = (page: Page) => {
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => void (/Content Security Policy/.test(m.text()) && problems.push(m.text())));
    };
    watch(console_);
    await console_.goto(`${e2e.demo.url}/`);
    await console_.getByRole('button', { name: 'Start session' }).click();
    const join = await customer.newPage();
    watch(join);
    await join.goto(await customerLink(console_));
    await join.getByLabel('Attach files').setInputFiles(fileURLToPath(new URL('../fixtures/media/clip.webm', import.meta.url)));

    const log = console_.getByRole('log');
    await log.getByRole('link', { name: 'Download clip.webm' }).waitFor({ timeout: 30_000 });
    await log.getByText('0:03 · 55 kB · shared by Customer').waitFor();
    const video = log.locator('video[aria-label="Video: clip.webm"]');
    assert.match((await video.getAttribute('poster')) ?? '', /^data:image\/(webp|jpeg);base64,/);
    await video.click();
    await video.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await console_.waitForFunction((v) => (v as HTMLVideoElement).currentTime > 0.2, await video.elementHandle());
    assert.deepEqual(problems, []);
  } finally {
    await technician.close();
    await customer.close();
  }
});
