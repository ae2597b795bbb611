import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { de } from '../../src/components/shared/localize/de.js';
import { ar } from '../../src/components/shared/localize/ar.js';
import { readTokenClaims } from '../../src/client/token-claims.js';
import { customerLink, PHONE, useDemo } from './support/demo-pages.js';

const e2e = useDemo();

// The demo console in German for the technician and Arabic for the customer: each widget speaks
// its language (Arabic laid out right to left on its own), they chat, and the transcript the
// session leaves is headed in the technician's language.
test('a German technician and an Arabic customer chat; the transcript is in German', { timeout: 120_000 }, async () => {
  const technician = await e2e.browser.newContext({ acceptDownloads: true });
  const customer = await e2e.browser.newContext(PHONE);
  try {
    const pageErrors: string[] = [];
    const console_ = await technician.newPage();
    console_.on('pageerror', (e) => pageErrors.push(`console: ${e.message}`));
    await console_.goto(`${e2e.demo.url}/`);
    await console_.locator('#technician-lang').selectOption('de');
    await console_.locator('#customer-lang').selectOption('ar');
    await console_.getByRole('button', { name: 'Start session' }).click();
    const link = await customerLink(console_);
    assert.match(link, /&lang=ar$/);
    const sessionId = readTokenClaims(new URLSearchParams(new URL(link).hash.slice(1)).get('token')!)!.sessionId;
    const join = await customer.newPage();
    join.on('pageerror', (e) => pageErrors.push(`join: ${e.message}`));
    await join.goto(link);

    const techBox = console_.getByRole('textbox', { name: de.message });
    const custBox = join.getByRole('textbox', { name: ar.message });
    await custBox.waitFor({ timeout: 15_000 });
    assert.equal(await join.locator('session-chat').getAttribute('dir'), 'rtl');
    assert.equal(await join.locator('session-chat').evaluate((el) => getComputedStyle(el).direction), 'rtl');

    await custBox.fill('مرحبا، الطابعة لا تعمل');
    await join.getByRole('button', { name: ar.send }).click();
    await console_.getByRole('log').getByText('مرحبا، الطابعة لا تعمل').waitFor({ timeout: 10_000 });
    await techBox.fill('Bitte starten Sie den Drucker neu.');
    await techBox.press('Enter');
    await join.getByRole('log').getByText('Bitte starten Sie den Drucker neu.').waitFor({ timeout: 10_000 });

    await console_.getByRole('button', { name: de.endSession }).click();
    const endDialog = console_.getByRole('alertdialog', { name: de.endSessionConfirm });
    await endDialog.getByRole('button', { name: de.endSessionConfirmYes }).click();
    const saved = console_.getByRole('status').filter({ hasText: 'The transcript of this session is saved in Files' });
    await saved.waitFor({ timeout: 15_000 });
    await saved.getByRole('link', { name: 'Files' }).click();
    const row = console_.getByRole('row').filter({ hasText: sessionId });
    await row.waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([console_.waitForEvent('download'), row.getByRole('link', { name: `Download TXT transcript of session ${sessionId}` }).click()]);
    const transcript = (await readFile((await download.path())!, 'utf8')).replace(/[\u2066-\u2069]/g, '');
    assert.match(transcript, /^Sitzungstranskript\n/);
    assert.match(transcript, /Customer \(Kunde\): مرحبا، الطابعة لا تعمل/);
    assert.match(transcript, /Sitzung beendet von Tom \(Support\) \(Techniker\)/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await technician.close();
    await customer.close();
  }
});
