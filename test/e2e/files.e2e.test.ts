import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
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
