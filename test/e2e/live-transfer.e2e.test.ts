import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { addParticipant, customerLink, useDemo } from './support/demo-pages.js';

// "Send directly (not stored)" through the demo pages, in real Chromium on loopback: a generated
// file goes peer to peer from the technician to the customer, written to disk as it comes, with
// both pages' memory bounded; and with three pages, Decline and Cancel transfer. The file is
// 256 MiB in the suite (about 30 s here); LIVE_TRANSFER_E2E_MIB=2048 runs the 2 GiB case.

const e2e = useDemo(['--enable-precise-memory-info']);
const MiB = 1024 * 1024;
const FILE_MIB = Number(process.env.LIVE_TRANSFER_E2E_MIB) || 256;

/** A file of `size` bytes on disk (1 MiB random blocks, each stamped with its index), and its SHA-256. */
async function generatedFile(dir: string, size: number): Promise<{ path: string; sha256: string }> {
  const path = join(dir, 'disk-image.bin');
  const block = randomBytes(MiB);
  const hash = createHash('sha256');
  const handle = await open(path, 'w');
  for (let i = 0; i < size / MiB; i++) {
    block.writeUInt32LE(i, 0);
    hash.update(block);
    await handle.write(block);
  }
  await handle.close();
  return { path, sha256: hash.digest('hex') };
}

/** The largest resident set of Chromium's renderer processes now, in bytes. */
function rendererRss(): number {
  const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' });
  return Math.max(0, ...out.split('\n').filter((line) => line.includes('--type=renderer')).map((line) => Number(line.trim().split(/\s+/)[0]) * 1024));
}

/** The page's JS heap in use (`performance.memory`, precise with the flag above). */
function jsHeap(page: Page): Promise<number> {
  return page.evaluate(() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize);
}

/** A context whose pages have no save picker: accepted files go to the origin's private file system. */
async function receiverContext(): Promise<BrowserContext> {
  const context = await e2e.browser.newContext();
  await context.addInitScript(() => {
    (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker = undefined;
  });
  return context;
}

/** The technician's console with a session started, and the customer link. */
async function startSession(context: BrowserContext): Promise<{ page: Page; link: string }> {
  const page = await context.newPage();
  await page.goto(`${e2e.demo.url}/`);
  await page.getByRole('button', { name: 'Start session' }).click();
  return { page, link: await customerLink(page) };
}

/** "More ways to share", then "Send directly (not stored)", and the file in the chooser it opens. */
async function sendDirectly(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: 'More ways to share' }).click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('menuitem', { name: 'Send directly (not stored)' }).click()]);
  await chooser.setFiles(path);
}

function card(page: Page) {
  return page.getByRole('group', { name: /^Sent directly, not stored:/ });
}

test(`a generated file (${FILE_MIB} MiB) goes peer to peer, checked, with both pages' memory bounded`, { timeout: 1_200_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'live-transfer-'));
  const technician = await e2e.browser.newContext();
  const customer = await receiverContext();
  try {
    const file = await generatedFile(dir, FILE_MIB * MiB);
    const { page: console_, link } = await startSession(technician);
    const join = await customer.newPage();
    await join.goto(link);
    await join.getByRole('textbox', { name: 'Message' }).waitFor();
    const heapBefore = Math.max(await jsHeap(console_), await jsHeap(join));

    await sendDirectly(console_, file.path);
    await card(join).getByRole('button', { name: 'Accept' }).click();
    await card(join).getByText(/Receiving… \(direct\)/).waitFor({ timeout: 30_000 });

    let rssMax = 0;
    let heapMax = 0;
    const started = Date.now();
    while (!(await card(join).getByText('Received and checked', { exact: true }).isVisible())) {
      rssMax = Math.max(rssMax, rendererRss());
      heapMax = Math.max(heapMax, await jsHeap(console_), await jsHeap(join));
      assert.ok(Date.now() - started < 1_100_000, 'the transfer did not finish in time');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (Date.now() - started) / 1000;
    await card(console_).getByText(/: Received and checked/).waitFor({ timeout: 30_000 });
    const logged = await join.evaluate(() => {
      const el = document.querySelector('session-chat') as unknown as { client: { state: { messages: { transfer: { ended: { sha256?: string } | null } | null }[] } } };
      return el.client.state.messages.find((m) => m.transfer)?.transfer?.ended?.sha256 ?? null;
    });
    assert.equal(logged, file.sha256, 'the SHA-256 both ends checked is the file\'s');
    process.stdout.write(`# ${FILE_MIB} MiB peer to peer in ${seconds.toFixed(0)} s (${(FILE_MIB / seconds).toFixed(1)} MiB/s); renderer RSS max ${(rssMax / MiB).toFixed(0)} MiB, JS heap max ${(heapMax / MiB).toFixed(0)} MiB (before ${(heapBefore / MiB).toFixed(0)} MiB)\n`);
    // Bounds that do not grow with the file: the sender holds one 4 MiB block and an 8 MiB window, the receiver a 4 MiB write.
    assert.ok(heapMax < 128 * MiB, `a page's JS heap reached ${(heapMax / MiB).toFixed(0)} MiB for a ${FILE_MIB} MiB file`);
    assert.ok(rssMax < 512 * MiB, `a renderer's RSS reached ${(rssMax / MiB).toFixed(0)} MiB for a ${FILE_MIB} MiB file`);
  } finally {
    await technician.close();
    await customer.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('three pages: one customer declines, the other accepts and cancels; the technician sees both', { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'live-transfer-'));
  const technician = await e2e.browser.newContext();
  const first = await receiverContext();
  const second = await receiverContext();
  try {
    const file = await generatedFile(dir, 128 * MiB);
    const { page: console_, link } = await startSession(technician);
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
