import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { customerLink, PHONE, useDemo } from './support/demo-pages.js';

const e2e = useDemo();

async function say(from: Page, to: Page, text: string): Promise<void> {
  const box = from.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await to.getByRole('log').getByText(text).waitFor({ timeout: 10_000 });
}

/** Starts a session in the console for customer reference `ref` and opens the customer's link in `join`. */
async function startSession(console_: Page, join: Page, ref: string): Promise<void> {
  await console_.getByLabel('Customer reference').fill(ref);
  await console_.getByLabel('Customer link').evaluate((input: HTMLInputElement) => (input.value = ''));
  await console_.getByRole('button', { name: 'Start session' }).click();
  await join.goto(await customerLink(console_));
  await join.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 10_000 });
}

test('the console\'s technician sees the customer\'s earlier session and reads it, read-only; the customer has no such button', { timeout: 120_000 }, async () => {
  const technician = await e2e.browser.newContext();
  const customer = await e2e.browser.newContext(PHONE);
  try {
    const pageErrors: string[] = [];
    const console_ = await technician.newPage();
    console_.on('pageerror', (e) => pageErrors.push(`console: ${e.message}`));
    const join = await customer.newPage();
    join.on('pageerror', (e) => pageErrors.push(`join: ${e.message}`));
    await console_.goto(`${e2e.demo.url}/`);
    const ref = `CUST-e2e-${Date.now().toString(36)}`;

    // A first session with this customer, ended by the technician.
    await startSession(console_, join, ref);
    await say(join, console_, 'The scanner does not turn on');
    await say(console_, join, 'Is the power light on?');
    await console_.getByRole('button', { name: 'End session' }).click();
    await console_.getByRole('alertdialog', { name: 'End this session for everyone?' }).getByRole('button', { name: 'Yes, end session' }).click();
    await console_.getByRole('status').filter({ hasText: 'The transcript of this session is saved in Files' }).waitFor({ timeout: 15_000 });

    // A new session with the same customer: the technician finds the first one.
    await startSession(console_, join, ref);
    assert.equal(await join.getByRole('button', { name: 'Earlier sessions' }).count(), 0, 'no "Earlier sessions" for the customer');
    await console_.getByRole('button', { name: 'Earlier sessions' }).click({ timeout: 10_000 });
    const dialog = console_.getByRole('dialog', { name: `Earlier sessions of ${ref}` });
    const item = dialog.getByRole('button', { name: /Technician: Tom \(Support\).*Messages: 2/ });
    await item.waitFor({ timeout: 10_000 });
    assert.equal(await dialog.getByRole('listitem').count(), 1, 'only the ended session, not the current one');
    await item.click();
    await dialog.getByText('Read-only transcript').first().waitFor({ timeout: 10_000 });
    await dialog.getByText('The scanner does not turn on').waitFor();
    await dialog.getByText('Is the power light on?').waitFor();
    assert.equal(await dialog.getByRole('textbox').count(), 0, 'nothing to write with');
    await console_.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(pageErrors, []);
  } finally {
    await technician.close();
    await customer.close();
  }
});
