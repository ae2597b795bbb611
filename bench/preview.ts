/**
 * Preview benchmark: the BUILT bundle (dist/browser, `npm run build` first) in Debian's Chromium
 * via playwright-core, with files served by a small http server on 127.0.0.1. Measures, in the
 * page, the time from `open()` to the dialog's `chat-preview-ready` (first rows, first page, the
 * document shown), first with the previewer's chunk not yet loaded and then again with it
 * cached, and the min+gzip sizes of the first load, the dialog and each previewer chunk.
 * Prints a table and writes bench/results/preview-latest.json. Asserts nothing.
 *
 *   npm run build && node --import tsx bench/preview.ts [--runs=3] [--csv-mb=100] [--xlsx-mb=5] [--dist=dist/browser]
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { makePdf } from '../test/browser/support/make-pdf.js';
import { makeDocx, paragraph } from '../test/browser/support/make-zip.js';
import { makeSlidesDeck } from './make-slides.js';
import { makeClip } from './make-clip.js';
import { makeBigDoc, makeBigRtf } from './legacy-documents.js';
import { makeSheetWorkbook } from './sheet-workbook.js';
import { CHROMIUM_FLAGS } from '../test/support/chromium-flags.mjs';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'csv-mb': { type: 'string', default: '100' },
    'xlsx-mb': { type: 'string', default: '5' },
    /** Another copy of the build (e.g. one that a parallel `rm -rf dist` cannot take away mid-run). */
    dist: { type: 'string', default: 'dist/browser/' },
  },
});
const RUNS = Math.max(1, Number(flags.runs));
const CSV_BYTES = Math.round(Number(flags['csv-mb']) * 1024 * 1024);
const XLSX_MB = Number(flags['xlsx-mb']);

const root = new URL('../', import.meta.url);
const distDir = new URL(flags.dist.endsWith('/') ? flags.dist : `${flags.dist}/`, new URL(`file://${process.cwd()}/`));
const fixturesDir = new URL('test/fixtures/', root);
const FIRST_LOAD_BUDGET = 25 * 1024;
const CHUNK_BUDGET = 125 * 1024;
const TIME_BUDGET_MS = { csv: 300, pdf: 300, docx: 250, slides: 300, rtf: 1500, doc: 1500, sheet: 500, video: 500 };
/** The rtf and .doc of the legacy rows. */
const LEGACY_BYTES = 5 * 1024 * 1024;
/** The 5 MB WebM of the video row (made with ffmpeg when it is installed). */
const CLIP = makeClip(5);

// ---- sizes

interface ChunkSize {
  file: string;
  bytes: number;
  gzip: number;
}

async function sizeOf(file: string): Promise<ChunkSize> {
  const text = await readFile(new URL(file, distDir));
  return { file, bytes: text.length, gzip: gzipSync(text, { level: 9 }).length };
}

/** Static imports of a built module (`import … from "./x.js"`, `import "./x.js"`), as paths relative to dist/browser. */
async function staticImports(file: string): Promise<string[]> {
  const text = await readFile(new URL(file, distDir), 'utf8');
  const base = new URL(file, 'http://x/');
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:^|[;}\s])import\s*(?:[\w${}*,\s]+from\s*)?["']([^"']+)["']|export\s*[{*][^;]*?from\s*["']([^"']+)["']/g)) {
    const spec = match[1] ?? match[2];
    if (spec?.startsWith('.')) found.add(new URL(spec, base).pathname.slice(1));
  }
  return [...found];
}

async function dynamicImports(file: string): Promise<string[]> {
  const text = await readFile(new URL(file, distDir), 'utf8');
  const base = new URL(file, 'http://x/');
  return [...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => new URL(m[1]!, base).pathname.slice(1));
}

/** A module and everything it imports statically. */
async function closure(file: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const next of await staticImports(file)) await closure(next, seen);
  return seen;
}

async function totalGzip(files: Iterable<string>): Promise<{ bytes: number; gzip: number; files: string[] }> {
  let bytes = 0;
  let gzip = 0;
  const list = [...files];
  for (const file of list) {
    const size = await sizeOf(file);
    bytes += size.bytes;
    gzip += size.gzip;
  }
  return { bytes, gzip, files: list };
}

// ---- files served to the page

function csvStream(response: ServerResponse, total: number): void {
  response.writeHead(200, { 'content-type': 'text/csv', 'cache-control': 'no-store' });
  let written = 0;
  let row = 0;
  response.write('id,name,email,amount,created,comment\n');
  const pump = () => {
    while (written < total) {
      let chunk = '';
      while (chunk.length < 256 * 1024) {
        row += 1;
        chunk += `${row},Customer ${row},customer${row}@example.com,${(row * 37) % 100000}.${row % 100},2026-11-${String((row % 28) + 1).padStart(2, '0')},"a note, with a comma and ""quotes"""\n`;
      }
      written += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  pump();
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.html': 'text/html', '.pdf': 'application/pdf', '.docx': 'application/octet-stream' };

const page = (dialog: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>preview bench</title></head>
<body>
<session-chat-preview-dialog></session-chat-preview-dialog>
<script type="module">
  await import('/dist/browser/${dialog}');
  const el = document.querySelector('session-chat-preview-dialog');
  const previewRoot = () => el.shadowRoot.querySelector('.container > [part="preview"]')?.shadowRoot;
  window.benchOpen = (file) => new Promise((resolve, reject) => {
    const started = performance.now();
    const done = () => { el.removeEventListener('chat-preview-ready', ready); el.removeEventListener('chat-preview-error', failed); };
    const ready = (event) => { done(); resolve({ elapsed: event.detail.elapsed, wall: performance.now() - started }); };
    const failed = (event) => { done(); reject(new Error('preview failed: ' + event.detail.code)); };
    el.addEventListener('chat-preview-ready', ready);
    el.addEventListener('chat-preview-error', failed);
    el.files = [file];
    el.open(0);
  });
  window.benchClose = () => el.close();
  window.benchCsvDone = () => new Promise((resolve) => {
    const started = performance.now();
    const poll = () => {
      const status = previewRoot()?.querySelector('.status');
      if (status?.dataset.done === 'true') resolve({ elapsed: performance.now() - started, rows: Number(status.dataset.rowCount) });
      else setTimeout(poll, 20);
    };
    poll();
  });
  window.benchReady = true;
</script>
</body></html>`;

async function startServer(dialog: string): Promise<{ url: string; close: () => Promise<void> }> {
  const longPdf = Buffer.from(makePdf({ pages: 500 }));
  const deck = makeSlidesDeck(5);
  const workbook = makeSheetWorkbook(XLSX_MB).bytes;
  const clip = CLIP;
  const paragraphs = makeDocx(Array.from({ length: 2000 }, (_, i) => paragraph(`Paragraph ${i + 1}: the quick brown fox jumps over the lazy dog, twice.`)).join(''));
  const legacy: Record<string, Buffer> = { '/files/big.rtf': makeBigRtf(LEGACY_BYTES), '/files/big.doc': makeBigDoc(LEGACY_BYTES) };
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    try {
      if (path === '/') {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(page(dialog));
      } else if (path === '/files/big.csv') {
        csvStream(response, CSV_BYTES);
      } else if (path === '/files/long.pdf') {
        response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': longPdf.length });
        response.end(longPdf);
      } else if (path === '/files/paragraphs.docx') {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': paragraphs.length });
        response.end(paragraphs);
      } else if (path === '/files/deck.pptx') {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': deck.length });
        response.end(deck);
      } else if (legacy[path]) {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': legacy[path]!.length });
        response.end(legacy[path]);
      } else if (path === '/files/big.webm' && clip) {
        response.writeHead(200, { 'content-type': 'video/webm', 'content-length': clip.length });
        response.end(clip);
      } else if (path === '/files/big.xlsx') {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': workbook.length });
        response.end(workbook);
      } else if (path.startsWith('/fixtures/') || path.startsWith('/dist/browser/')) {
        if (path.includes('..')) throw new Error('bad path');
        const file = path.startsWith('/fixtures/') ? new URL(path.slice('/fixtures/'.length), fixturesDir) : new URL(path.slice('/dist/browser/'.length), distDir);
        const info = await stat(file);
        response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'content-length': info.size, 'cache-control': 'max-age=3600' });
        createReadStream(file).pipe(response);
      } else {
        response.writeHead(404).end();
      }
    } catch {
      if (!response.headersSent) response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- timings

interface Case {
  label: string;
  kind: 'csv' | 'pdf' | 'docx' | 'slides' | 'rtf' | 'doc' | 'sheet' | 'video';
  file: { id: string; name: string; size: number; type: string; url: string };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/**
 * The chunk that registers the preview dialog: the widget loads it with import() on the first
 * preview. The build has one such chunk per graph (session-chat.js's and index.js's); the one
 * of session-chat.js's graph (it imports from session-chat.js) is measured, whatever order the
 * content hashes put them in.
 */
async function dialogChunk(): Promise<string> {
  const names = await readdir(new URL('chunks/', distDir)).catch(() => [] as string[]);
  const found: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.js'))) {
    if ((await readFile(new URL(`chunks/${name}`, distDir), 'utf8')).includes('define("session-chat-preview-dialog"')) found.push(`chunks/${name}`);
  }
  for (const file of found) if ((await closure(file)).has('session-chat.js')) return file;
  return found[0] ?? 'chunks/missing-preview-dialog.js';
}

async function main(): Promise<void> {
  const dialogEntry = await dialogChunk();
  if (!existsSync(new URL('session-chat.js', distDir)) || !existsSync(new URL(dialogEntry, distDir))) {
    console.error('dist/browser is missing the built bundle: run `npm run build` first.');
    process.exit(1);
  }

  // Sizes: the first load is session-chat.js with everything it imports statically.
  const firstLoadFiles = await closure('session-chat.js');
  const firstLoad = await totalGzip(firstLoadFiles);
  const dialogFiles = [...(await closure(dialogEntry))].filter((file) => !firstLoadFiles.has(file));
  const dialog = await totalGzip(dialogFiles);
  const previewChunks = (await Promise.all([...(await closure(dialogEntry))].map(dynamicImports))).flat().filter((file) => /-preview-/.test(file));
  const chunkRows: { name: string; own: ChunkSize; added: number }[] = [];
  for (const chunk of [...new Set(previewChunks)].sort()) {
    const own = await sizeOf(chunk);
    const extra = [...(await closure(chunk))].filter((file) => !firstLoadFiles.has(file) && !dialogFiles.includes(file));
    chunkRows.push({ name: chunk.replace(/^chunks\//, '').replace(/-[\w-]{8}\.js$/, ''), own, added: (await totalGzip(extra)).gzip });
  }
  // Chunks a previewer loads only for some files (the .ppt reader with cfb).
  for (const chunk of [...new Set(previewChunks)].sort()) {
    const loaded = await closure(chunk);
    for (const lazy of await dynamicImports(chunk)) {
      const own = await sizeOf(lazy);
      const extra = [...(await closure(lazy))].filter((file) => !firstLoadFiles.has(file) && !dialogFiles.includes(file) && !loaded.has(file));
      chunkRows.push({ name: `${lazy.replace(/^chunks\//, '').replace(/-[\w-]{8}\.js$/, '')} (loaded by ${chunk.replace(/^chunks\//, '').replace(/-[\w-]{8}\.js$/, '')} when needed)`, own, added: (await totalGzip(extra)).gzip });
    }
  }
  const workerRows = await Promise.all(['chunks/pdf-worker.js', 'chunks/docx-worker.js', 'chunks/legacy-worker.js', 'chunks/sheet-worker.js'].map(sizeOf));

  const server = await startServer(dialogEntry);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', ...CHROMIUM_FLAGS],
  });
  const cases: Case[] = [
    { label: `first rows of a ${Math.round(CSV_BYTES / 1048576)} MB CSV`, kind: 'csv', file: { id: 'csv', name: 'big.csv', size: CSV_BYTES, type: 'text/csv', url: '/files/big.csv' } },
    { label: 'first page of tracemonkey.pdf (14 pages)', kind: 'pdf', file: { id: 'tm', name: 'tracemonkey.pdf', size: 0, type: 'application/pdf', url: '/fixtures/pdf/tracemonkey.pdf' } },
    { label: 'first page of a 500-page PDF', kind: 'pdf', file: { id: 'long', name: 'long.pdf', size: 0, type: 'application/pdf', url: '/files/long.pdf' } },
    { label: 'tables.docx shown', kind: 'docx', file: { id: 'tables', name: 'tables.docx', size: 0, type: '', url: '/fixtures/docx/tables.docx' } },
    { label: 'docx of 2,000 paragraphs shown', kind: 'docx', file: { id: 'paras', name: 'paragraphs.docx', size: 0, type: '', url: '/files/paragraphs.docx' } },
    { label: 'first slide of a 5 MB pptx (40 slides with pictures)', kind: 'slides', file: { id: 'deck', name: 'deck.pptx', size: 0, type: '', url: '/files/deck.pptx' } },
    { label: 'first slide of source.pptx (5 slides)', kind: 'slides', file: { id: 'source', name: 'source.pptx', size: 0, type: '', url: '/fixtures/slides/source.pptx' } },
    { label: 'rich.rtf shown', kind: 'rtf', file: { id: 'rich-rtf', name: 'rich.rtf', size: 0, type: '', url: '/fixtures/office/rich.rtf' } },
    { label: 'rich.doc shown (text only)', kind: 'doc', file: { id: 'rich-doc', name: 'rich.doc', size: 0, type: '', url: '/fixtures/office/rich.doc' } },
    { label: 'rtf of 5 MB shown (about 43,000 paragraphs)', kind: 'rtf', file: { id: 'big-rtf', name: 'big.rtf', size: 0, type: '', url: '/files/big.rtf' } },
    { label: '.doc of 5 MB shown (about 62,000 paragraphs)', kind: 'doc', file: { id: 'big-doc', name: 'big.doc', size: 0, type: '', url: '/files/big.doc' } },
    { label: `first sheet's rows of a ${XLSX_MB} MB xlsx`, kind: 'sheet', file: { id: 'xlsx', name: 'big.xlsx', size: 0, type: '', url: '/files/big.xlsx' } },
    ...(CLIP
      ? [{ label: `video player ready (duration known) for a ${(CLIP.length / 1048576).toFixed(1)} MB WebM`, kind: 'video' as const, file: { id: 'webm', name: 'big.webm', size: CLIP.length, type: 'video/webm', url: '/files/big.webm' } }]
      : []),
  ];
  if (!CLIP) console.log('(no video row: ffmpeg, which makes the 5 MB clip, is not installed)');
  const results: { label: string; kind: Case['kind']; cold: number; warm: number[]; extra?: string }[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);
    for (const item of cases) {
      const open = async () => {
        const timing = await page.evaluate((file) => (window as unknown as { benchOpen: (f: unknown) => Promise<{ elapsed: number }> }).benchOpen(file), item.file);
        return timing.elapsed;
      };
      const close = () => page.evaluate(() => (window as unknown as { benchClose: () => void }).benchClose());
      // Cold: the previewer's chunk (and pdf.js's worker) not loaded yet in this page.
      const cold = await open();
      let extra: string | undefined;
      if (item.kind === 'csv') {
        const done = await page.evaluate(() => (window as unknown as { benchCsvDone: () => Promise<{ elapsed: number; rows: number }> }).benchCsvDone());
        const seconds = (cold + done.elapsed) / 1000;
        extra = `all ${done.rows.toLocaleString('en')} rows parsed in ${seconds.toFixed(1)} s (${(CSV_BYTES / 1048576 / seconds).toFixed(1)} MB/s)`;
      }
      await close();
      const warm: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        warm.push(await open());
        await close();
      }
      results.push({ label: item.label, kind: item.kind, cold, warm, ...(extra ? { extra } : {}) });
      process.stderr.write('.');
    }
    process.stderr.write('\n');
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }

  // ---- report
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const ms = (value: number) => `${Math.round(value)} ms`;
  const lines: string[] = [];
  lines.push('');
  lines.push('Preview timings (open() → chat-preview-ready, in the page; warm = chunk cached, median of ' + RUNS + ')');
  lines.push('| figure | cold (chunk not loaded) | warm | target | |');
  lines.push('|---|---|---|---|---|');
  for (const row of results) {
    const target = TIME_BUDGET_MS[row.kind];
    const warm = median(row.warm);
    lines.push(`| ${row.label} | ${ms(row.cold)} | ${ms(warm)} | ≤ ${target} ms | ${warm <= target ? 'ok' : 'OVER'} |`);
  }
  for (const row of results) if (row.extra) lines.push(`  ${row.label}: ${row.extra}`);
  lines.push('');
  lines.push('Sizes (minified by the build, gzip -9)');
  lines.push('| part | raw | min+gzip | target | |');
  lines.push('|---|---|---|---|---|');
  lines.push(`| first load: session-chat.js + its static imports (${firstLoad.files.length} files) | ${kb(firstLoad.bytes)} | ${kb(firstLoad.gzip)} | ≤ 25 KB | ${firstLoad.gzip <= FIRST_LOAD_BUDGET ? 'ok' : 'OVER'} |`);
  lines.push(`| preview dialog (beyond the first load) | ${kb(dialog.bytes)} | ${kb(dialog.gzip)} | | |`);
  for (const row of chunkRows) {
    lines.push(`| ${row.name} chunk (own; ${kb(row.added)} with what it shares) | ${kb(row.own.bytes)} | ${kb(row.own.gzip)} | ≤ 125 KB | ${row.own.gzip <= CHUNK_BUDGET ? 'ok' : 'OVER'} |`);
  }
  for (const row of workerRows) lines.push(`| ${row.file.replace('chunks/', '')} (worker) | ${kb(row.bytes)} | ${kb(row.gzip)} | | |`);
  console.log(lines.join('\n'));

  const resultsDir = new URL('bench/results/', root);
  await mkdir(resultsDir, { recursive: true });
  await writeFile(
    new URL('preview-latest.json', resultsDir),
    JSON.stringify({ at: new Date().toISOString(), runs: RUNS, csvBytes: CSV_BYTES, xlsxMegabytes: XLSX_MB, timings: results, sizes: { firstLoad, dialog, chunks: chunkRows, workers: workerRows } }, null, 2),
  );
}

await main();
