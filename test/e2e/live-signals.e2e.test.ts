import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { customerLink, PHONE, useDemo } from './support/demo-pages.js';

const e2e = useDemo();

/** The `<session-chat-message>` whose text contains `text` (Playwright's locators pierce shadow roots). */
function messageWith(page: Page, text: string): Locator {
  return page.locator('session-chat-message').filter({ hasText: text });
}

test('through the demo pages: typing, delivered and read, a draft kept over a reload, search and settings', { timeout: 90_000 }, async () => {
  const technician = await e2e.browser.newContext();
  const customer = await e2e.browser.newContext(PHONE);
  try {
    const pageErrors: string[] = [];
    const console_ = await technician.newPage();
    console_.on('pageerror', (e) => pageErrors.push(e.message));
    await console_.goto(`${e2e.demo.url}/`);
    await console_.getByLabel('Customer name').fill('Ann');
    await console_.getByRole('button', { name: 'Start session' }).click();
    const link = await customerLink(console_);
    assert.match(link, /\/join#token=/);

    const join = await customer.newPage();
    join.on('pageerror', (e) => pageErrors.push(e.message));
    await join.goto(link);
    const custBox = join.getByRole('textbox', { name: 'Message' });
    const techBox = console_.getByRole('textbox', { name: 'Message' });
    await custBox.waitFor();

    // Typing: the technician sees "Ann is typing…" while the customer types, and it goes away.
    await custBox.pressSequentially('my printer', { delay: 20 });
    await console_.getByText('Ann is typing…').waitFor({ timeout: 10_000 });
    await console_.getByText('Ann is typing…').waitFor({ state: 'detached', timeout: 15_000 });

    // Draft: what the customer typed and did not send is back after a reload.
    await join.reload();
    await assert.doesNotReject(custBox.waitFor());
    await join.waitForFunction(() => {
      const chat = document.querySelector('session-chat');
      const box = chat?.shadowRoot?.querySelector('session-chat-composer')?.shadowRoot?.querySelector('textarea');
      return box?.value === 'my printer';
    }, undefined, { timeout: 10_000 });
    await custBox.fill('');

    // Delivered, then read: the customer's page is visible and focused, so it reads the message.
    await techBox.fill('Could you restart the café printer?');
    await techBox.press('Enter');
    await messageWith(join, 'Could you restart the café printer?').waitFor({ timeout: 10_000 });
    const mark = messageWith(console_, 'Could you restart the café printer?').locator('[part~="delivery"]');
    await mark.and(console_.locator('[part~="delivery-read"]')).waitFor({ timeout: 10_000 });
    assert.equal(await mark.getAttribute('title'), 'Read');

    // Search: accent- and case-insensitive, with the count.
    await custBox.fill('Cafe printer restarted.');
    await custBox.press('Enter');
    await messageWith(console_, 'Cafe printer restarted.').waitFor({ timeout: 10_000 });
    await console_.getByRole('button', { name: 'Search', exact: true }).click();
    await console_.getByRole('searchbox', { name: 'Search' }).fill('CAFÉ');
    await console_.getByText('1 of 2').waitFor({ timeout: 5_000 });
    assert.equal(await console_.locator('mark').count(), 2);
    await console_.getByRole('button', { name: 'Next match' }).click();
    await console_.getByText('2 of 2').waitFor({ timeout: 5_000 });
    await console_.keyboard.press('Escape');
    await console_.locator('mark').first().waitFor({ state: 'detached', timeout: 5_000 });

    // Settings: a dialog named "Settings", closed by Escape.
    await join.getByRole('button', { name: 'Settings' }).click();
    const settings = join.getByRole('dialog', { name: 'Settings' });
    await settings.waitFor({ timeout: 5_000 });
    assert.equal(await settings.getByRole('switch').count() + (await settings.getByRole('checkbox').count()) >= 5, true);
    await join.keyboard.press('Escape');
    await settings.waitFor({ state: 'hidden', timeout: 5_000 });

    assert.deepEqual(pageErrors, []);
  } finally {
    await technician.close();
    await customer.close();
  }
});
