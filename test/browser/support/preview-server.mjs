// Dev-server pieces for the preview tests (test/browser/preview-*.test.ts), kept out of
// web-test-runner.config.mjs so the shared config only lists them:
// - the CommonJS packages the previewers load (papaparse, mammoth's browser bundle);
// - worker entries requested as `new URL('./x.js', import.meta.url)` served from their .ts source;
// - /__fixtures/* serving test/fixtures;
// - /__preview/* generated files (slow or large streams) and a log of every request the page
//   and its workers made, so tests can prove what was (not) fetched.
import { existsSync, createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import { fromRollup } from '@web/dev-server-rollup';
import pdfjsForPreviews from '../../../rollup.pdfjs.mjs';

const root = new URL('../../..', import.meta.url);
const fixturesDir = new URL('test/fixtures/', root);

const types = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  rtf: 'application/rtf',
  doc: 'application/msword',
  txt: 'text/plain',
  png: 'image/png',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xlsm: 'application/vnd.ms-excel.sheet.macroEnabled.12',
  xlsb: 'application/vnd.ms-excel.sheet.binary.macroEnabled.12',
  xls: 'application/vnd.ms-excel',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  fods: 'application/vnd.oasis.opendocument.spreadsheet-flat-xml',
};

/**
 * The dev-server plugins that turn papaparse and mammoth's browser bundle into ES modules, and
 * that serve pdf.js with the build's edits (rollup.pdfjs.mjs), so the tests run the pdf.js
 * that ships.
 */
export function previewPlugins() {
  return [
    fromRollup(pdfjsForPreviews)(),
    fromRollup(commonjs)({
      strictRequires: false,
      // papaparse requires 'stream' only for Node's duplex mode, inside a function.
      ignore: ['stream', 'fs'],
      include: ['**/node_modules/papaparse/**', '**/node_modules/mammoth/**', '**/node_modules/cfb/**'],
    }),
  ];
}

const requests = [];
/** Generated streams by `id`: bytes sent, and whether the client went away before the end. */
const streams = new Map();

/** A CSV generated on the fly: `rows` rows, `delay` ms between 64 KB chunks (to test cancelling). */
function generatedCsv(rows, delay, status) {
  let row = 0;
  const stream = Readable.from(
    (async function* () {
      yield 'id,name,value,comment\n';
      while (row < rows) {
        let chunk = '';
        while (row < rows && chunk.length < 65536) {
          row += 1;
          chunk += `${row},name ${row},${(row * 7) % 1000},"a comment, with a comma"\n`;
        }
        status.sent += chunk.length;
        yield chunk;
        if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      }
      status.ended = true;
    })(),
  );
  return stream;
}

export async function previewMiddleware(ctx, next) {
  requests.push(ctx.url);
  if (requests.length > 20000) requests.splice(0, 10000);
  if (ctx.path === '/__preview/requests') {
    if (ctx.query.clear) requests.length = 0;
    ctx.body = { requests: [...requests] };
    return;
  }
  if (ctx.path === '/__preview/streams') {
    ctx.body = streams.get(String(ctx.query.id)) ?? null;
    return;
  }
  if (ctx.path === '/__preview/generated.csv') {
    const status = { sent: 0, ended: false, aborted: false };
    if (ctx.query.id) streams.set(String(ctx.query.id), status);
    ctx.req.on('close', () => {
      if (!status.ended) status.aborted = true;
    });
    ctx.res.on('close', () => {
      if (!status.ended) status.aborted = true;
    });
    ctx.type = 'text/csv';
    ctx.body = generatedCsv(Number(ctx.query.rows ?? 1000), Number(ctx.query.delay ?? 0), status);
    return;
  }
  if (ctx.path === '/__preview/external.png') {
    // Must never be requested: a docx that links to it is previewed in the tests.
    ctx.status = 404;
    return;
  }
  if (ctx.path.startsWith('/__fixtures/')) {
    const relative = decodeURIComponent(ctx.path.slice('/__fixtures/'.length));
    if (relative.includes('..')) {
      ctx.status = 400;
      return;
    }
    const file = fileURLToPath(new URL(relative, fixturesDir));
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      ctx.status = 404;
      return;
    }
    ctx.type = types[relative.split('.').pop()] ?? 'application/octet-stream';
    ctx.length = info.size;
    ctx.body = createReadStream(file);
    return;
  }
  // A worker entry (`new URL('./pdf-worker.js', import.meta.url)`) is a URL, not an import, so the
  // esbuild plugin does not map it to its .ts source: do it here.
  if (ctx.path.startsWith('/src/') && ctx.path.endsWith('.js')) {
    const source = new URL(`.${ctx.path}`, root);
    if (!existsSync(source) && existsSync(new URL(`.${ctx.path.slice(0, -3)}.ts`, root))) {
      ctx.url = ctx.url.replace(/\.js(\?|$)/, '.ts$1');
    }
  }
  return next();
}
