/**
 * First load of the widget: dist/browser/session-chat.js and every chunk it imports statically
 * (transitively), each minified by the build and gzipped with level 9 (as `gzip -9`). Prints one
 * row per file, the total and the budget from PERFORMANCE.md (25 KB); then the same for the
 * launcher (dist/browser/session-chat-launcher.js, aim 12 KB); with `--modules`, also the
 * source modules that fill those files (minified bytes attributed through the sourcemap, and
 * each one's share of its file's gzip size). Reads the build only: `npm run build` first.
 * Asserts nothing; quick (well under a second).
 *
 *   node --import tsx bench/first-load.ts [--modules] [--top=40] [--dist=dist/browser]
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { parseAst } from 'rollup/parseAst';

const { values: flags } = parseArgs({
  options: {
    modules: { type: 'boolean', default: false },
    top: { type: 'string', default: '40' },
    dist: { type: 'string', default: 'dist/browser' },
  },
});
const BUDGET = 25 * 1024;
/** The launcher's stretch aim (issue: "a launcher entry ≤ 12 KB"). */
const LAUNCHER_AIM = 12 * 1024;
const dist = new URL(`${flags.dist.replace(/\/$/, '')}/`, new URL(`file://${process.cwd()}/`));
const ENTRY = 'session-chat.js';
const LAUNCHER = 'session-chat-launcher.js';

interface Node {
  type: string;
  source?: { value: unknown } | null;
}

/** Static imports and re-exports of a built module, relative to dist/browser. */
function staticImports(file: string, code: string): string[] {
  const base = new URL(file, 'http://x/');
  const found: string[] = [];
  for (const node of (parseAst(code) as unknown as { body: Node[] }).body) {
    if (!/^(ImportDeclaration|ExportAllDeclaration|ExportNamedDeclaration)$/.test(node.type)) continue;
    const spec = node.source?.value;
    if (typeof spec === 'string' && spec.startsWith('.')) found.push(new URL(spec, base).pathname.slice(1));
  }
  return found;
}

function dynamicImportCount(code: string): number {
  return code.match(/\bimport\(/g)?.length ?? 0;
}

interface FileSize {
  file: string;
  code: string;
  bytes: number;
  gzip: number;
}

function firstLoad(entry: string): FileSize[] {
  const files: FileSize[] = [];
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(new URL(file, dist), 'utf8');
    files.push({ file, code, bytes: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length });
    for (const next of staticImports(file, code)) visit(next);
  };
  visit(entry);
  return files;
}

// ---- attribution through the sourcemap

const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** Decodes one line's segments: [column, sourceIndex?] with the running source index. */
function* segments(mappings: string): Generator<{ line: number; column: number; source: number }> {
  let source = 0;
  const lines = mappings.split(';');
  for (let line = 0; line < lines.length; line++) {
    let column = 0;
    for (const segment of lines[line]!.split(',')) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = B64.get(char)!;
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0]!;
      if (values.length > 1) source += values[1]!;
      yield { line, column, source: values.length > 1 ? source : -1 };
    }
  }
}

/** Minified bytes per source module of one built file (unmapped bytes count as "(unmapped)"). */
function attribute(file: FileSize): Map<string, number> {
  const out = new Map<string, number>();
  const mapUrl = new URL(`${file.file}.map`, dist);
  if (!existsSync(mapUrl)) return new Map([['(no sourcemap)', file.bytes]]);
  const map = JSON.parse(readFileSync(mapUrl, 'utf8')) as { sources: string[]; mappings: string };
  const names = map.sources.map((source) => {
    const path = relative(process.cwd(), new URL(source, mapUrl).pathname);
    return path.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, '$1 (npm)');
  });
  const lines = file.code.split('\n');
  const add = (name: string, bytes: number) => out.set(name, (out.get(name) ?? 0) + bytes);
  let prev: { line: number; column: number; source: number } = { line: 0, column: 0, source: -1 };
  const flush = (line: number, column: number) => {
    // From prev to (line, column), same line or the rest of prev's line and whole lines between.
    const name = prev.source < 0 ? '(unmapped)' : names[prev.source]!;
    if (line === prev.line) add(name, column - prev.column);
    else {
      add(name, lines[prev.line]!.length - prev.column + 1);
      for (let l = prev.line + 1; l < line; l++) add(name, lines[l]!.length + 1);
      add(name, column);
    }
  };
  for (const seg of segments(map.mappings)) {
    flush(seg.line, seg.column);
    prev = seg;
  }
  flush(lines.length - 1, lines[lines.length - 1]!.length);
  return out;
}

// ---- report

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
const pad = (s: string, n: number) => s.padEnd(n);
const padl = (s: string, n: number) => s.padStart(n);

if (!existsSync(new URL(ENTRY, dist))) {
  console.error(`first-load: ${new URL(ENTRY, dist).pathname} not found; run \`npm run build\` first`);
  process.exit(1);
}
/** Prints one entry's files, total and budget; returns its files. */
function report(entry: string, budget: number, what: string): FileSize[] {
  const files = firstLoad(entry);
  const total = files.reduce((sum, f) => ({ bytes: sum.bytes + f.bytes, gzip: sum.gzip + f.gzip }), { bytes: 0, gzip: 0 });
  const width = Math.max(...files.map((f) => f.file.length), 30);
  console.log(`\n${what}: ${entry} and its static imports (min, gzip -9)`);
  console.log(`${pad('file', width)}  ${padl('min', 10)}  ${padl('gzip', 10)}  lazy imports`);
  for (const f of files) console.log(`${pad(f.file, width)}  ${padl(kb(f.bytes), 10)}  ${padl(kb(f.gzip), 10)}  ${dynamicImportCount(f.code)}`);
  console.log(`${pad(`total (${files.length} files)`, width)}  ${padl(kb(total.bytes), 10)}  ${padl(kb(total.gzip), 10)}`);
  console.log(`budget ≤ ${kb(budget)}: ${total.gzip <= budget ? 'ok' : 'OVER'} (${total.gzip} bytes gzip)`);
  return files;
}

const files = report(ENTRY, BUDGET, 'First load');
// The launcher (<session-chat-launcher>): the conversation and the composer, the rest on first interaction.
const launcherFiles = existsSync(new URL(LAUNCHER, dist)) ? report(LAUNCHER, LAUNCHER_AIM, 'Launcher') : [];

if (flags.modules) {
  const top = Number(flags.top);
  for (const f of [...files, ...launcherFiles.filter((l) => !files.some((x) => x.file === l.file))]) {
    const rows = [...attribute(f)].sort((a, b) => b[1] - a[1]);
    console.log(`\n${f.file}: source modules by minified bytes (gzip ≈ share of ${kb(f.gzip)})`);
    for (const [name, bytes] of rows.slice(0, top)) {
      console.log(`${padl(String(bytes), 8)}  ${padl(kb((bytes / f.bytes) * f.gzip), 9)}  ${name}`);
    }
    if (rows.length > top) console.log(`… ${rows.length - top} more`);
  }
}
