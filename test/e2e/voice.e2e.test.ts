import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customerLink, PHONE, useDemo } from './support/demo-pages.js';

// Chromium's fake microphone (a beeping tone), granted without a prompt.
const e2e = useDemo(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);

test('the technician records a voice message and sends it; the customer plays it', { timeout: 90_000 }, async () => {
  const technician = await e2e.browser.newContext();
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

    // Recording: the time and the level show, then Send.
    await console_.getByRole('button', { name: 'Record a voice message' }).click();
    await console_.getByRole('meter', { name: 'Microphone level' }).waitFor({ timeout: 15_000 });
    const send = console_.getByRole('button', { name: 'Send', exact: true });
    await send.and(console_.locator(':enabled')).waitFor();
    await console_.waitForTimeout(1500);
    await send.click();
    // The message box is back once the recorder is done.
    await console_.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 15_000 });

    // The customer sees the player and plays it (a real click: a user gesture).
    const play = join.getByRole('button', { name: 'Play voice message' });
    await play.waitFor({ timeout: 30_000 });
    const slider = join.getByRole('slider', { name: 'Voice message position' });
    assert.match((await slider.getAttribute('aria-valuetext')) ?? '', /^0:00 of 0:0[1-2]$/);
    await play.click();
    await join.getByRole('button', { name: 'Pause voice message' }).waitFor({ timeout: 10_000 });
    // Playwright's CSS locators pierce open shadow roots.
    const audio = join.locator('session-chat-voice-note audio');
    const deadline = Date.now() + 10_000;
    let time = 0;
    while ((time = await audio.evaluate((el) => (el as HTMLAudioElement).currentTime)) <= 0.3 && Date.now() < deadline) await join.waitForTimeout(100);
    assert.ok(time > 0.3, `the voice message did not play (currentTime ${time})`);
    assert.deepEqual(pageErrors, []);
  } finally {
    await technician.close();
    await customer.close();
  }
});
