import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { addParticipant, customerLink, PHONE, useDemo } from './support/demo-pages.js';

const e2e = useDemo();


test('a technician adds a second technician and a second customer; they join with the history and chat; customers cannot add anyone', { timeout: 120_000 }, async () => {
  const contexts = await Promise.all([e2e.browser.newContext(), e2e.browser.newContext(PHONE), e2e.browser.newContext(), e2e.browser.newContext(PHONE)]);
  const [technician, customer, colleague, customer2] = contexts;
  try {
    const pageErrors: string[] = [];
    const watch = (page: Page) => (page.on('pageerror', (e) => pageErrors.push(e.message)), page);
    const console_ = watch(await technician!.newPage());
    await console_.goto(`${e2e.demo.url}/`);
    await console_.getByRole('button', { name: 'Start session' }).click();
    const join = watch(await customer!.newPage());
    await join.goto(await customerLink(console_));
    const techBox = console_.getByRole('textbox', { name: 'Message' });
    await techBox.fill('The printer driver is version 4.2.');
    await techBox.press('Enter');
    await join.getByRole('log').getByText('The printer driver is version 4.2.').waitFor({ timeout: 10_000 });

    // The customer's widget has no "Add participant".
    await join.getByRole('textbox', { name: 'Message' }).waitFor();
    assert.equal(await join.getByRole('button', { name: 'Add participant' }).count(), 0);

    // The console's backend mints the links (invite-request); a second technician and a colleague of the customer join.
    const techLink = await addParticipant(console_, 'Technician', 'Sam (Level 2)');
    const custLink = await addParticipant(console_, 'Customer', 'Lena (colleague)');
    assert.match(techLink, /\/join#token=[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.notEqual(techLink, custLink);

    const sam = watch(await colleague!.newPage());
    await sam.goto(techLink);
    await sam.getByRole('log').getByText('The printer driver is version 4.2.').waitFor({ timeout: 10_000 });
    const lena = watch(await customer2!.newPage());
    await lena.goto(custLink);
    await lena.getByRole('log').getByText('The printer driver is version 4.2.').waitFor({ timeout: 10_000 });

    // Everyone sees them join; they chat with the others.
    await console_.getByText('Sam (Level 2) joined').waitFor({ timeout: 10_000 });
    await console_.getByText('Lena (colleague) joined').waitFor({ timeout: 10_000 });
    const lenaBox = lena.getByRole('textbox', { name: 'Message' });
    await lenaBox.fill('Lena here, I sit next to the printer.');
    await lenaBox.press('Enter');
    for (const page of [console_, join, sam]) await page.getByRole('log').getByText('Lena here, I sit next to the printer.').waitFor({ timeout: 10_000 });
    const samBox = sam.getByRole('textbox', { name: 'Message' });
    await samBox.fill('Sam from level 2: please restart the spooler.');
    await samBox.press('Enter');
    await lena.getByRole('log').getByText('Sam from level 2: please restart the spooler.').waitFor({ timeout: 10_000 });

    // The second technician may add people too: the join page has no backend, so the relay mints the token.
    assert.equal(await lena.getByRole('button', { name: 'Add participant' }).count(), 0);
    const third = await addParticipant(sam, 'Customer', 'Max');
    assert.match(third, /\/join#token=[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await Promise.all(contexts.map((context) => context!.close()));
  }
});
