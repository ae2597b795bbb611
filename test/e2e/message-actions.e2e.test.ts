import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { customerLink, PHONE, useDemo } from './support/demo-pages.js';

const e2e = useDemo();

/** The message in `page`'s log whose text contains `text`. */
function message(page: Page, text: string) {
  return page.getByRole('log').locator('session-chat-message').filter({ hasText: text });
}

/** Opens a message's "More actions" menu and chooses `item`. */
async function chooseAction(page: Page, text: string, item: string): Promise<void> {
  await message(page, text).getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

test('a customer edits with "Notify others" and deletes a message; the technician sees both', { timeout: 90_000 }, async () => {
  const technician = await e2e.browser.newContext();
  const customer = await e2e.browser.newContext(PHONE);
  try {
    const console_ = await technician.newPage();
    const pageErrors: string[] = [];
    console_.on('pageerror', (e) => pageErrors.push(e.message));
    await console_.goto(`${e2e.demo.url}/`);
    await console_.getByRole('button', { name: 'Start session' }).click();
    const link = await customerLink(console_);

    const join = await customer.newPage();
    join.on('pageerror', (e) => pageErrors.push(e.message));
    await join.goto(link);

    const custBox = join.getByRole('textbox', { name: 'Message' });
    for (const text of ['The printer is an HP', 'My password is hunter2']) {
      await custBox.fill(text);
      await custBox.press('Enter');
      await console_.getByRole('log').getByText(text).waitFor({ timeout: 10_000 });
    }

    // Edit in place with "Notify others about this change".
    await chooseAction(join, 'The printer is an HP', 'Edit');
    const editor = join.getByRole('textbox', { name: 'Edit message' });
    assert.equal(await editor.inputValue(), 'The printer is an HP');
    const notify = join.getByRole('checkbox', { name: 'Notify others about this change' });
    assert.equal(await notify.isChecked(), false, '"Notify others" starts unchecked');
    await notify.check();
    await editor.fill('The printer is a Canon');
    await editor.press('Enter');

    const edited = message(console_, 'The printer is a Canon');
    await edited.waitFor({ timeout: 10_000 });
    assert.equal(await edited.getByText('edited', { exact: true }).count(), 1, 'the technician sees "edited"');
    await console_.locator('session-chat-message[part~="notified-message"]').filter({ hasText: 'The printer is a Canon' }).waitFor({ timeout: 5_000 });
    assert.equal(await console_.getByRole('log').getByText('The printer is an HP').count(), 0);

    // Delete, after confirming.
    await chooseAction(join, 'My password is hunter2', 'Delete');
    const dialog = join.getByRole('alertdialog', { name: 'Delete this message for everyone?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Yes, delete' }).click();

    await message(console_, 'Message deleted').waitFor({ timeout: 10_000 });
    assert.equal(await console_.getByRole('log').getByText('hunter2').count(), 0, 'the deleted text is gone');
    await message(join, 'Message deleted').waitFor({ timeout: 10_000 });
    assert.deepEqual(pageErrors, []);
  } finally {
    await technician.close();
    await customer.close();
  }
});
