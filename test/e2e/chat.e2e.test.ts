import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customerLink, PHONE, useDemo } from './support/demo-pages.js';

const e2e = useDemo();

test('a technician and a customer chat both ways through the demo pages', { timeout: 60_000 }, async () => {
  const technician = await e2e.browser.newContext();
  const customer = await e2e.browser.newContext(PHONE);
  try {
    const console_ = await technician.newPage();
    const pageErrors: string[] = [];
    console_.on('pageerror', (e) => pageErrors.push(e.message));
    await console_.goto(`${e2e.demo.url}/`);
    await console_.getByRole('button', { name: 'Start session' }).click();
    const link = await customerLink(console_);
    assert.match(link, /\/join#token=[\w-]+\.[\w-]+\.[\w-]+$/);

    const join = await customer.newPage();
    join.on('pageerror', (e) => pageErrors.push(e.message));
    await join.goto(link);

    const techBox = console_.getByRole('textbox', { name: 'Message' });
    const custBox = join.getByRole('textbox', { name: 'Message' });
    await techBox.fill('Hello, I am looking at your screen now.');
    await techBox.press('Enter');
    await join.getByRole('log').getByText('Hello, I am looking at your screen now.').waitFor({ timeout: 10_000 });

    await custBox.fill('Thanks! The printer <b>still</b> fails.');
    await join.getByRole('button', { name: 'Send' }).click();
    await console_.getByRole('log').getByText('Thanks! The printer <b>still</b> fails.').waitFor({ timeout: 10_000 });

    // The customer page shows both authors, and its own message came back acked (not pending).
    const log = join.getByRole('log');
    assert.equal(await log.getByText('Hello, I am looking at your screen now.').count(), 1);
    assert.equal(await console_.locator('b').count(), 0, 'HTML in a message must stay text');
    assert.deepEqual(pageErrors, []);
  } finally {
    await technician.close();
    await customer.close();
  }
});
