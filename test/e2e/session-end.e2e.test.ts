import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { readTokenClaims } from '../../src/client/token-claims.js';
import { customerLink, PHONE, useDemo } from './support/demo-pages.js';

const e2e = useDemo();

/** A real document from the repository's test fixtures, shared through "Attach files". */
const FIXTURE = new URL('../fixtures/csv/sample-header.csv', import.meta.url);
const FIXTURE_NAME = 'sample-header.csv';

/** The message in `page`'s log whose text contains `text`. */
function message(page: Page, text: string) {
  return page.getByRole('log').locator('session-chat-message').filter({ hasText: text });
}

/** Opens a message's "More actions" menu and chooses `item`. */
async function chooseAction(page: Page, text: string, item: string): Promise<void> {
  await message(page, text).getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function say(from: Page, to: Page, text: string): Promise<void> {
  const box = from.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await to.getByRole('log').getByText(text).waitFor({ timeout: 10_000 });
}

/** The transcript's text without the bidi isolates (U+2068/U+2069) that wrap every name and message. */
const plain = (text: string): string => text.replace(/[\u2066-\u2069]/g, '');

test('a technician ends the session: both see it, the Files page lists the transcript, the customer cannot read it', { timeout: 120_000 }, async () => {
  const technician = await e2e.browser.newContext({ acceptDownloads: true });
  const customer = await e2e.browser.newContext(PHONE);
  try {
    const pageErrors: string[] = [];
    const console_ = await technician.newPage();
    console_.on('pageerror', (e) => pageErrors.push(`console: ${e.message}`));
    await console_.goto(`${e2e.demo.url}/`);
    await console_.getByRole('button', { name: 'Start session' }).click();
    const link = await customerLink(console_);
    const customerToken = new URLSearchParams(new URL(link).hash.slice(1)).get('token')!;
    const sessionId = readTokenClaims(customerToken)!.sessionId;

    const join = await customer.newPage();
    join.on('pageerror', (e) => pageErrors.push(`join: ${e.message}`));
    await join.goto(link);

    await say(join, console_, 'The printer is an HP');
    await say(join, console_, 'My password is hunter2');
    await say(console_, join, 'Please restart the printer');

    // The customer edits one message, telling the others, and deletes the other one.
    await chooseAction(join, 'The printer is an HP', 'Edit');
    const editor = join.getByRole('textbox', { name: 'Edit message' });
    await join.getByRole('checkbox', { name: 'Notify others about this change' }).check();
    await editor.fill('The printer is a Canon');
    await editor.press('Enter');
    await message(console_, 'The printer is a Canon').waitFor({ timeout: 10_000 });

    await chooseAction(join, 'My password is hunter2', 'Delete');
    const deleteDialog = join.getByRole('alertdialog', { name: 'Delete this message for everyone?' });
    await deleteDialog.getByRole('button', { name: 'Yes, delete' }).click();
    await message(console_, 'Message deleted').waitFor({ timeout: 10_000 });

    // The technician shares a file.
    await console_.getByLabel('Attach files').setInputFiles(fileURLToPath(FIXTURE));
    await join.getByRole('log').getByText(FIXTURE_NAME).first().waitFor({ timeout: 20_000 });

    // The customer has no way to end it; the technician ends it after confirming.
    assert.equal(await join.getByRole('button', { name: 'End session' }).count(), 0, 'no "End session" for the customer');
    await console_.getByRole('button', { name: 'End session' }).click();
    const endDialog = console_.getByRole('alertdialog', { name: 'End this session for everyone?' });
    await endDialog.waitFor();
    await endDialog.getByRole('button', { name: 'Yes, end session' }).click();

    // Both see who ended it; the customer cannot type any more and is not shown a disconnection error.
    for (const page of [console_, join]) {
      await page.getByRole('status').filter({ hasText: 'Session ended by Tom (Support) at' }).waitFor({ timeout: 10_000 });
      await page.getByRole('textbox', { name: 'Message' }).and(page.locator(':disabled')).waitFor({ timeout: 10_000 });
      assert.equal(await page.getByRole('button', { name: 'More actions' }).count(), 0, 'no message actions once ended');
    }
    await join.locator('session-chat[connection-state="closed"]').waitFor({ timeout: 10_000 });
    assert.equal(await join.getByText('Disconnected').count(), 0, 'the customer is not told "Disconnected"');
    assert.equal(await join.getByText('This session has ended.').count(), 0, 'nor shown the end as an error');
    assert.equal(await join.getByLabel('Attach files').isDisabled(), true, 'attach is disabled once ended');

    // The console says where the transcript went, and the Files page lists it.
    const saved = console_.getByRole('status').filter({ hasText: 'The transcript of this session is saved in Files' });
    await saved.waitFor({ timeout: 15_000 });
    await saved.getByRole('link', { name: 'Files' }).click();
    await console_.waitForURL(`${e2e.demo.url}/files`);
    const row = console_.getByRole('row').filter({ hasText: sessionId });
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.textContent() ?? '', /by Tom \(Support\)/);

    // Its text, downloaded through the page (the token goes in a header).
    const [download] = await Promise.all([
      console_.waitForEvent('download'),
      row.getByRole('link', { name: `Download TXT transcript of session ${sessionId}` }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `transcript-${sessionId}.txt`);
    const transcript = plain(await readFile((await download.path())!, 'utf8'));
    assert.match(transcript, /Tom \(Support\) \(technician\): Please restart the printer/);
    assert.match(transcript, /Customer \(customer\): The printer is a Canon \(edited\)/);
    assert.match(transcript, /Customer \(customer\): \[message deleted by Customer \(customer\)\]/);
    assert.doesNotMatch(transcript, /hunter2/, 'the deleted text is not in the transcript');
    assert.doesNotMatch(transcript, /printer is an HP/, 'only the final text of an edited message');
    assert.match(transcript, /-- session ended by Tom \(Support\) \(technician\)/);
    assert.match(transcript, new RegExp(`Tom \\(Support\\) \\(technician\\): \\[file ${FIXTURE_NAME.replace('.', '\\.')}, `));

    // The customer's own token opens no transcript.
    const status = await join.evaluate(async (id) => {
      const token = new URLSearchParams(location.hash.slice(1)).get('token');
      const response = await fetch(`/api/transcripts/${encodeURIComponent(id)}.txt`, { headers: { authorization: `Bearer ${token}` } });
      return response.status;
    }, sessionId);
    assert.equal(status, 403);
    assert.deepEqual(pageErrors, []);
  } finally {
    await technician.close();
    await customer.close();
  }
});
