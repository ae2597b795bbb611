import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addParticipant, useDemo } from './support/demo-pages.js';
import {
  MiB,
  card,
  describeFigures,
  generatedFile,
  sendDirectly,
  startSession,
  timedTransfer,
  withTransferBrowsers,
  withoutSavePicker,
} from './support/live-transfer-pages.js';

// "Send directly (not stored)" through the demo pages, in real Chromium on loopback: a generated
// file goes peer to peer from the technician to the customer, written to disk as it comes, with
// both pages' memory bounded; with no direct path it goes through the relay; and with three
// pages, Decline, Pause, Resume and Cancel transfer. The file is 128 MiB in the suite (about 30 s here);
// LIVE_TRANSFER_E2E_MIB=2048 runs the 2 GiB case. The receiver browses with a profile on disk,
// as people do: an off-the-record context keeps the origin's private file system in memory.

const e2e = useDemo(['--enable-precise-memory-info']);
const FILE_MIB = Number(process.env.LIVE_TRANSFER_E2E_MIB) || 128;

test(`a generated file (${FILE_MIB} MiB) goes peer to peer, checked, with both pages' memory bounded`, { timeout: 1_800_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'live-transfer-'));
  try {
    const file = await generatedFile(dir, FILE_MIB * MiB);
    const figures = await withTransferBrowsers(e2e.browser, dir, true, (technician, customer) => timedTransfer(e2e.demo.url, technician, customer, file, 1_700_000));
    process.stdout.write(`# ${describeFigures(FILE_MIB, figures)}\n`);
    assert.equal(figures.path, 'direct');
    assert.equal(figures.sha256, file.sha256, 'the SHA-256 both ends checked is the file\'s');
    // Bounds that do not grow with the file: the sender holds one 4 MiB block and an 8 MiB window, the receiver a 4 MiB write.
    assert.ok(figures.heapMax < 128 * MiB, `a page's JS heap reached ${(figures.heapMax / MiB).toFixed(0)} MiB for a ${FILE_MIB} MiB file`);
    assert.ok(figures.rssMax < 512 * MiB, `a renderer's RSS reached ${(figures.rssMax / MiB).toFixed(0)} MiB for a ${FILE_MIB} MiB file`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('with no direct path (ICE gathers no candidate), the file goes through the relay, checked', { timeout: 300_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'live-transfer-'));
  try {
    const file = await generatedFile(dir, 64 * MiB);
    const figures = await withTransferBrowsers(e2e.browser, dir, false, (technician, customer) => timedTransfer(e2e.demo.url, technician, customer, file, 240_000));
    process.stdout.write(`# ${describeFigures(64, figures)}\n`);
    assert.equal(figures.path, 'through the relay');
    assert.equal(figures.sha256, file.sha256);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('three pages: one customer declines, the other accepts and cancels; the technician sees both', { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'live-transfer-'));
  const technician = await e2e.browser.newContext();
  const first = await withoutSavePicker(await e2e.browser.newContext());
  const second = await withoutSavePicker(await e2e.browser.newContext());
  try {
    const file = await generatedFile(dir, 128 * MiB);
    const { page: console_, link } = await startSession(e2e.demo.url, technician);
    const [ann, bea] = [await first.newPage(), await second.newPage()];
    // Bea is a colleague of the customer with a link of her own (a participant of her own).
    for (const [page, url] of [[ann, link], [bea, await addParticipant(console_, 'Customer', 'Bea')]] as const) {
      await page.goto(url);
      await page.getByRole('textbox', { name: 'Message' }).waitFor();
    }
    await sendDirectly(console_, file.path);
    await card(bea).getByRole('button', { name: 'Decline' }).click();
    await card(bea).getByText('Declined', { exact: true }).waitFor();
    await card(ann).getByRole('button', { name: 'Accept' }).click();
    await card(ann).getByRole('button', { name: 'Pause' }).click();
    await card(ann).getByText(/^Paused/).waitFor();
    await card(ann).getByRole('button', { name: 'Resume' }).click();
    await card(ann).getByRole('button', { name: 'Cancel transfer' }).click();
    await card(ann).getByText('Cancelled', { exact: true }).waitFor({ timeout: 10_000 });
    await card(console_).getByText('Bea: Declined').waitFor({ timeout: 10_000 });
    await card(console_).getByText('Customer: Cancelled').waitFor({ timeout: 10_000 });
  } finally {
    for (const context of [technician, first, second]) await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});
