import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchPersistentChromium } from './browser.js';
import { customerLink } from './demo-pages.js';

// Driving "Send directly (not stored)" through the demo pages: shared by the end-to-end tests
// and the peer-to-peer benchmark.

export const MiB = 1024 * 1024;

/** A file of `size` bytes on disk (1 MiB random blocks, each stamped with its index), and its SHA-256. */
export async function generatedFile(dir: string, size: number): Promise<{ path: string; size: number; sha256: string }> {
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
  return { path, size, sha256: hash.digest('hex') };
}

/** The largest resident set of Chromium's renderer processes now, in bytes. */
export function rendererRss(): number {
  const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' });
  return Math.max(0, ...out.split('\n').filter((line) => line.includes('--type=renderer')).map((line) => Number(line.trim().split(/\s+/)[0]) * 1024));
}

/** The page's JS heap in use (`performance.memory`, precise with `--enable-precise-memory-info`). */
export function jsHeap(page: Page): Promise<number> {
  return page.evaluate(() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize);
}

/** Pages of `context` have no save picker: accepted files go to the origin's private file system. */
export async function withoutSavePicker(context: BrowserContext): Promise<BrowserContext> {
  await context.addInitScript(() => {
    (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker = undefined;
  });
  return context;
}

/**
 * Pages of `context` can make no direct connection: every peer connection uses TURN servers
 * only, and gets none, so it gathers no candidate and ICE fails (as behind a strict firewall).
 */
export async function withoutDirectPath(context: BrowserContext): Promise<BrowserContext> {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super({ ...config, iceServers: [], iceTransportPolicy: 'relay' });
      }
    };
  });
  return context;
}

/**
 * The two browsers of a transfer, closed after `run`: the sender a context of `browser`, the
 * receiver a Chromium with a profile on disk under `dir` (as people browse: an off-the-record
 * context keeps the private file system in memory) and no save picker; with `direct` false,
 * neither can make a direct connection.
 */
export async function withTransferBrowsers<T>(browser: Browser, dir: string, direct: boolean, run: (sender: BrowserContext, receiver: BrowserContext) => Promise<T>): Promise<T> {
  const sender = await browser.newContext();
  const receiver = await withoutSavePicker(await launchPersistentChromium(join(dir, direct ? 'profile-direct' : 'profile-relay'), ['--enable-precise-memory-info']));
  try {
    if (!direct) for (const context of [sender, receiver]) await withoutDirectPath(context);
    return await run(sender, receiver);
  } finally {
    await sender.close();
    await receiver.close();
  }
}

/** The technician's console with a session started, and the customer link. */
export async function startSession(demoUrl: string, context: BrowserContext): Promise<{ page: Page; link: string }> {
  const page = await context.newPage();
  await page.goto(`${demoUrl}/`);
  await page.getByRole('button', { name: 'Start session' }).click();
  return { page, link: await customerLink(page) };
}

/** A page of `context` that joined through `link`, ready to chat. */
export async function joined(context: BrowserContext, link: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  return page;
}

/** "More ways to share", then "Send directly (not stored)", and the file in the chooser it opens. */
export async function sendDirectly(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: 'More ways to share' }).click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('menuitem', { name: 'Send directly (not stored)' }).click()]);
  await chooser.setFiles(path);
}

/** The transfer's card in the conversation. */
export function card(page: Page) {
  return page.getByRole('group', { name: /^Sent directly, not stored:/ });
}

/** The SHA-256 the session's log holds for the (first) live transfer, as `page`'s client folded it. */
export function loggedSha256(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.querySelector('session-chat') as unknown as { client: { state: { messages: { transfer: { ended: { sha256?: string } | null } | null }[] } } };
    return el.client.state.messages.find((m) => m.transfer)?.transfer?.ended?.sha256 ?? null;
  });
}

export interface TransferFigures {
  /** From Accept to "Received and checked". */
  seconds: number;
  path: 'direct' | 'through the relay';
  /** Largest renderer RSS and JS heap of the two pages while the file went, sampled every 500 ms. */
  rssMax: number;
  heapMax: number;
  heapBefore: number;
  /** The SHA-256 both ends checked, as the log recorded it. */
  sha256: string | null;
}

/**
 * The technician (a page of `sender`) sends `file` directly; the customer (a page of
 * `receiver`) accepts; resolves once both cards say it was received and checked.
 */
export async function timedTransfer(demoUrl: string, sender: BrowserContext, receiver: BrowserContext, file: { path: string }, limitMs: number): Promise<TransferFigures> {
  const { page: console_, link } = await startSession(demoUrl, sender);
  const join = await joined(receiver, link);
  const heapBefore = Math.max(await jsHeap(console_), await jsHeap(join));
  await sendDirectly(console_, file.path);
  await card(join).getByRole('button', { name: 'Accept' }).click();
  const receiving = card(join).getByText(/^Receiving… \((direct|through the relay)\)/);
  await receiving.waitFor({ timeout: 30_000 });
  const path = (await receiving.textContent())!.includes('direct') ? 'direct' : 'through the relay';
  let rssMax = 0;
  let heapMax = 0;
  const started = Date.now();
  while (!(await card(join).getByText('Received and checked', { exact: true }).isVisible())) {
    rssMax = Math.max(rssMax, rendererRss());
    heapMax = Math.max(heapMax, await jsHeap(console_), await jsHeap(join));
    if (Date.now() - started > limitMs) throw new Error(`the transfer did not finish in ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const seconds = (Date.now() - started) / 1000;
  await card(console_).getByText(/: Received and checked/).waitFor({ timeout: 30_000 });
  return { seconds, path, rssMax, heapMax, heapBefore, sha256: await loggedSha256(join) };
}

/** One line of figures. */
export function describeFigures(sizeMiB: number, figures: TransferFigures): string {
  const { seconds, path, rssMax, heapMax, heapBefore } = figures;
  return (
    `${sizeMiB} MiB ${path} in ${seconds.toFixed(1)} s (${(sizeMiB / seconds).toFixed(1)} MiB/s); ` +
    `renderer RSS max ${(rssMax / MiB).toFixed(0)} MiB, JS heap max ${(heapMax / MiB).toFixed(0)} MiB (before ${(heapBefore / MiB).toFixed(0)} MiB)`
  );
}
