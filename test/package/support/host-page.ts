/**
 * Drives a host page's `<session-chat>` in Chromium: every preview of the shared fixtures and
 * the emoji picker, recording page errors and failed requests.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';

export const PDF = 'tracemonkey.pdf';
export const DOCX = 'tables.docx';
export const CSV = 'sample-header.csv';
export const GREETING = 'Here are the files';

export interface PageRecord {
  errors: string[];
  /** Requests that failed or answered ≥ 400, except the widget's HEAD probes of bundled copies. */
  failed: string[];
  /** Where the workers were loaded from. */
  workers: string[];
}

function record(page: Page): PageRecord {
  const rec: PageRecord = { errors: [], failed: [], workers: [] };
  page.on('pageerror', (error) => rec.errors.push(String(error)));
  // "Failed to load resource" names no URL: the responses below are recorded with theirs.
  page.on('console', (message) => {
    if (message.type() === 'error' && !/^Failed to load resource/.test(message.text())) rec.errors.push(`console: ${message.text()}`);
  });
  // ERR_ABORTED: the widget stopped a download itself (a preview closed before the end) or
  // Chromium ends a HEAD that way once its headers are in.
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') rec.failed.push(`${request.method()} ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    const request = response.request();
    if (/-worker\.js$|\/[0-9a-f]{16,}\.js$/.test(response.url()) && request.method() === 'GET') rec.workers.push(response.url());
    if (response.status() >= 400 && request.method() !== 'HEAD' && !/favicon/.test(response.url())) rec.failed.push(`${request.method()} ${response.url()} ${response.status()}`);
  });
  page.on('worker', (worker) => rec.workers.push(worker.url()));
  return rec;
}

async function openPreview(page: Page, name: string) {
  await page.getByRole('log').getByRole('button', { name: `Preview ${name}` }).click();
  const dialog = page.getByRole('dialog', { name });
  await dialog.waitFor({ timeout: 20_000 });
  return dialog;
}

async function closePreview(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name });
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Opens the page, checks the three previews and the emoji picker; returns what it recorded. */
export async function checkHostPage(browser: Browser, url: string): Promise<PageRecord> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const rec = record(page);
  try {
    await page.goto(url);
    await page.waitForFunction(() => (window as { hostReady?: boolean }).hostReady === true, undefined, { timeout: 30_000 });
    const log = page.getByRole('log');
    await log.getByText(GREETING).waitFor({ timeout: 30_000 });

    // The built icons are drawn whole: no shape nests inside another (a minifier that drops the
    // '/' of a self-closing <circle/> nests the next shape inside it, and that shape is not drawn).
    const nested = await page.evaluate(() => {
      const shapes = 'path, circle, rect, line, polyline, polygon, ellipse';
      const found: string[] = [];
      // A loop, not a named helper: the test's compiler would wrap one in a helper the page lacks.
      const roots: (Document | ShadowRoot)[] = [document];
      for (let root = roots.pop(); root; root = roots.pop()) {
        for (const shape of root.querySelectorAll(shapes)) if (shape.querySelector(shapes)) found.push(shape.outerHTML.slice(0, 80));
        for (const host of root.querySelectorAll('*')) if (host.shadowRoot) roots.push(host.shadowRoot);
      }
      return { found, icons: document.querySelector('session-chat')?.shadowRoot?.querySelectorAll('svg').length ?? 0 };
    });
    assert.ok(nested.icons > 0, 'the widget draws its icons');
    assert.deepEqual(nested.found, [], 'icon shapes nested inside other shapes');

    // pdf: page 1 drawn on a canvas and its text in the text layer.
    let dialog = await openPreview(page, PDF);
    await dialog.getByText(/Page 1 of 14/).first().waitFor({ timeout: 30_000 });
    await dialog.getByText('Trace-based Just-in-Time Type Specialization', { exact: false }).first().waitFor({ timeout: 30_000 });
    const drawn = await dialog.locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && data[i]! < 128) dark += 1;
      return dark;
    });
    assert.ok(drawn > 1000, `the pdf page was drawn (${drawn} dark pixels)`);
    await closePreview(page, PDF);

    // docx: the table's cells inside the sandboxed frame.
    dialog = await openPreview(page, DOCX);
    const frame = dialog.locator('iframe').contentFrame();
    for (const cell of ['Top left', 'Top right', 'Bottom left', 'Bottom right']) await frame.getByRole('cell', { name: cell }).waitFor({ timeout: 30_000 });
    await closePreview(page, DOCX);

    // csv: the header and the cells.
    dialog = await openPreview(page, CSV);
    for (const text of ['title', 'name', 'test title 01', 'test name 02']) await dialog.getByText(text, { exact: true }).first().waitFor({ timeout: 30_000 });
    await closePreview(page, CSV);

    // The emoji picker, from a message's actions, shows emoji from the relay's data.
    await log.locator('session-chat-message').filter({ hasText: GREETING }).getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'React' }).click();
    await page.getByRole('menuitem', { name: 'More emoji…' }).click();
    const picker = page.getByRole('dialog', { name: 'Choose an emoji' });
    await picker.getByRole('menuitem', { name: /grinning face/i }).first().waitFor({ timeout: 30_000 });
    return rec;
  } catch (error) {
    throw new Error(`${url}: ${(error as Error).message}\nrecorded: ${JSON.stringify(rec, null, 1)}`, { cause: error });
  } finally {
    await context.close();
  }
}

/**
 * Opens the launcher page: the shared message shows before any interaction with only the
 * launcher's files loaded; a click in the composer brings the full widget from the same folder,
 * which shows the message and opens the pdf's preview. Returns what it recorded.
 */
export async function checkLauncherPage(browser: Browser, url: string): Promise<PageRecord> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const rec = record(page);
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  try {
    await page.goto(url);
    await page.waitForFunction(() => (window as { hostReady?: boolean }).hostReady === true, undefined, { timeout: 30_000 });
    await page.getByRole('log', { name: 'Messages' }).getByText(GREETING).waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => customElements.get('session-chat') === undefined), true, 'the full widget loaded before any interaction');
    assert.ok(!scripts.some((path) => path.endsWith('/session-chat.js')), `scripts before the click: ${scripts.join(', ')}`);

    await page.getByRole('textbox', { name: 'Message' }).click();
    await page.waitForFunction(() => customElements.get('session-chat') !== undefined, undefined, { timeout: 30_000 });
    assert.ok(scripts.some((path) => path.endsWith('/session-chat/session-chat.js')), `the widget came from the launcher's folder: ${scripts.join(', ')}`);
    const dialog = await openPreview(page, PDF);
    await dialog.getByText(/Page 1 of 14/).first().waitFor({ timeout: 30_000 });
    await closePreview(page, PDF);
    return rec;
  } catch (error) {
    throw new Error(`${url}: ${(error as Error).message}\nrecorded: ${JSON.stringify(rec, null, 1)}`, { cause: error });
  } finally {
    await context.close();
  }
}
