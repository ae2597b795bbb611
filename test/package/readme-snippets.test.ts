/**
 * The package as users get it: `npm pack` of the build, installed into a fresh project, and the
 * README's code blocks compiled there by tsc in the configurations users have (skipLibCheck off,
 * so every declaration file the package ships is checked too). A block's fence says where its
 * code runs: ```ts (or js) is browser code, ```ts node is Node code, ```tsx is React; see the
 * README's "Code in this README".
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeBlocks, type CodeBlock } from './support/code-blocks.js';
import { consumerProject, packRepository } from './support/packed.js';
import { builtTypes, consumerFile, readme, typeCheck, type CompilerOptions } from './support/type-check.js';

type Target = 'browser' | 'node' | 'react';

interface Configuration {
  name: string;
  options: CompilerOptions;
  /** Which README blocks it compiles. */
  targets: Target[];
  /** Files of test/package/consumer/ it compiles too. */
  extra: string[];
  /** Whether the DOM lib and @types/react may be in the program. */
  dom: boolean;
  react: boolean;
}

const dom = ['ES2022', 'DOM', 'DOM.Iterable'];
const bundler = { module: 'ESNext', moduleResolution: 'bundler' };
const nodenext = { module: 'NodeNext', moduleResolution: 'NodeNext' };

const configurations: Configuration[] = [
  // A browser app: no Node types at all.
  { name: 'browser-bundler', options: { ...bundler, lib: dom, types: [] }, targets: ['browser'], extra: ['browser-entries.ts'], dom: true, react: false },
  { name: 'browser-nodenext', options: { ...nodenext, lib: dom, types: [] }, targets: ['browser'], extra: ['browser-entries.ts'], dom: true, react: false },
  // A server: Node's types and no DOM lib.
  { name: 'node-bundler', options: { ...bundler, lib: ['ES2022'], types: ['node'] }, targets: ['node'], extra: ['node-entries.ts'], dom: false, react: false },
  { name: 'node-nodenext', options: { ...nodenext, lib: ['ES2022'], types: ['node'] }, targets: ['node'], extra: ['node-entries.ts'], dom: false, react: false },
  // React 19 with the automatic JSX runtime.
  { name: 'react-bundler', options: { ...bundler, lib: dom, types: [], jsx: 'react-jsx' }, targets: ['react'], extra: ['react-wrapper.tsx'], dom: true, react: true },
  { name: 'react-nodenext', options: { ...nodenext, lib: dom, types: [], jsx: 'react-jsx' }, targets: ['react'], extra: ['react-wrapper.tsx'], dom: true, react: true },
  // A full-stack app (server and pages in one program): everything together.
  {
    name: 'full-stack',
    options: { ...nodenext, lib: dom, types: ['node'], jsx: 'react-jsx' },
    targets: ['browser', 'node', 'react'],
    extra: ['browser-entries.ts', 'node-entries.ts', 'react-wrapper.tsx'],
    dom: true,
    react: true,
  },
];

const extensions: Record<string, string> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js', tsx: 'tsx', jsx: 'jsx' };

/** Where a README block runs, from its fence; null for blocks that are not code to compile (sh, html…). */
function targetOf(block: CodeBlock): Target | null {
  if (!(block.lang in extensions)) return null;
  if (block.lang === 'tsx' || block.lang === 'jsx') return 'react';
  const known = block.flags.filter((flag) => flag === 'node' || flag === 'browser');
  if (known.length !== block.flags.length) throw new Error(`README.md line ${block.line}: unknown fence words "${block.flags.join(' ')}" (use "node" or "browser")`);
  return known.includes('node') ? 'node' : 'browser';
}

/** A README block as a module of its own (each block has its own scope, as on the page). */
function snippetFile(block: CodeBlock): { name: string; text: string } {
  return { name: `readme-line-${block.line}.${extensions[block.lang]}`, text: `${block.code}\n\nexport {};\n` };
}

let work: string;
let consumer: string;
const snippets: { block: CodeBlock; target: Target; name: string }[] = [];

before(
  async () => {
    assert.ok(existsSync(builtTypes()), 'dist/types is missing: run `npm run build` first');
    work = await mkdtemp(join(tmpdir(), 'session-chat-package-'));
    const tarball = await packRepository(work);
    consumer = join(work, 'consumer');
    await consumerProject(consumer, tarball);
    await mkdir(join(consumer, 'src'), { recursive: true });
    for (const block of codeBlocks(await readme())) {
      const target = targetOf(block);
      if (!target) continue;
      const file = snippetFile(block);
      await writeFile(join(consumer, 'src', file.name), file.text);
      snippets.push({ block, target, name: `src/${file.name}` });
    }
    for (const name of new Set(configurations.flatMap((c) => c.extra))) {
      await writeFile(join(consumer, 'src', name), await consumerFile(name));
    }
  },
  { timeout: 240_000 },
);

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed package in a fresh project', () => {
  test('installs without the libraries the browser build carries inside', () => {
    for (const name of ['lit', 'lit-html', '@lit/reactive-element', '@lit/react', 'dompurify', 'pdfjs-dist', 'mammoth', 'papaparse', 'fflate', 'cfb', 'tus-js-client', 'emoji-picker-element', 'react']) {
      assert.equal(existsSync(join(consumer, 'node_modules', name)), false, `${name} was installed with the package`);
    }
  });

  test('the README has browser, Node and React code to compile', () => {
    for (const target of ['browser', 'node', 'react'] as const) {
      assert.ok(snippets.some((s) => s.target === target), `no ${target} code block found in README.md`);
    }
  });

  for (const configuration of configurations) {
    test(`${configuration.name}: the README's code and the entry points compile`, { timeout: 120_000 }, async () => {
      const mine = snippets.filter((s) => configuration.targets.includes(s.target));
      const files = [...mine.map((s) => s.name), ...configuration.extra.map((name) => `src/${name}`)];
      const result = await typeCheck(consumer, configuration.name, configuration.options, files);
      const blocks = mine.map((s) => `  ${s.name}: README.md line ${s.block.line}`).join('\n');
      assert.equal(result.code, 0, `tsc (${configuration.name}, ${JSON.stringify(configuration.options)}) failed:\n${result.errors}\nfiles from README.md:\n${blocks}`);
      const program = result.files.join('\n');
      assert.ok(program.includes('/node_modules/session-chat/dist/types/'), 'the program did not load the package declarations');
      if (!configuration.dom) assert.doesNotMatch(program, /lib\.dom\.d\.ts/, 'a server-only program loaded the DOM lib');
      if (!configuration.react) assert.doesNotMatch(program, /@types\/react\//, 'a program without React loaded @types/react');
    });
  }
});
