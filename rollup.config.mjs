// The package's JavaScript for browsers and the headless client for Node. Input is tsc's output
// (dist/src), so TypeScript is compiled once, by tsc.
//
// Two browser graphs:
// - dist/browser/session-chat.js: the widget's first load for pages without a bundler
//   (`session-chat/bundle`, `<script type="module">`), alone in its graph so that it holds only
//   what the widget uses;
// - dist/browser/index.js (every public export, `session-chat` for bundlers) and
//   dist/browser/client.js (the headless client, `session-chat/client` in browsers), sharing
//   their chunks, so a page that imports both gets one SessionClient class.
// Rollup tree-shakes a graph as a whole: with index.js in session-chat.js's graph, the protocol
// functions index.js re-exports (validators, rules) landed in the first load (+2 KB gzip). So our
// own lazy chunks exist once per graph (the libraries' chunks are shared, see LIBRARY_CHUNKS);
// the workers are built once, apart from both.
// Everything they use (Lit, DOMPurify, pdf.js, mammoth, papaparse, emoji-picker-element,
// tus-js-client) is inside: a host's bundler only copies and re-chunks our files.
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';
import pdfjsForPreviews from './rollup.pdfjs.mjs';
import reactWrapper from './rollup.react.mjs';
import declarations from './rollup.types.mjs';

// Maps are built for bench/first-load.ts (`--modules`); the package leaves them out.
const sourcemap = true;

const browserPlugins = [
  nodeResolve({ browser: true, exportConditions: ['production'] }),
  // pdf.js without the parts the previewer never uses (see the file).
  pdfjsForPreviews(),
  // Lazy chunks built on CommonJS packages (tus-js-client's url-parse, js-base64…).
  // papaparse requires 'stream' only in Node's duplex mode: leave that require alone.
  commonjs({ strictRequires: false, ignore: ['stream'] }),
  // Lit's css`` and html`` templates are strings to terser: minify their insides too.
  minifyTemplateLiterals(),
  terser({ format: { comments: false }, ecma: 2022, module: true }),
];

// The libraries of the lazy parts get chunks of their own: their content is then the same in
// both graphs, so they are written once (the names are content hashes).
const LIBRARY_CHUNKS = {
  'pdfjs-dist': 'pdfjs',
  'emoji-picker-element': 'emoji-picker',
  papaparse: 'papaparse',
  dompurify: 'dompurify',
  ...Object.fromEntries(
    ['tus-js-client', 'js-base64', 'url-parse', 'querystringify', 'requires-port', 'combine-errors', 'custom-error-instance', 'lodash.throttle', 'buffer-from', 'is-stream'].map((name) => [name, 'tus']),
  ),
};
function libraryChunk(id) {
  // CommonJS interop helpers and the empty module for a browser-disabled `require('fs')` (cfb's):
  // alone, so that a lazy CommonJS user (the .ppt reader) does not import them from tus's chunk.
  if (/^\0(commonjsHelpers|node-resolve:empty)/.test(id)) return 'commonjs-helpers';
  const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id)?.[1];
  return name ? LIBRARY_CHUNKS[name] : undefined;
}

// The widget and the launcher (<session-chat-launcher>, which loads the widget on the first
// interaction) share the client, the protocol, the strings and the theme: rollup makes that a
// chunk named after one of its modules; it is named for what it is instead.
const widgetChunkName = (chunk) =>
  chunk.moduleIds.some((id) => id.endsWith('/dist/src/client/session-client.js')) ? 'chunks/session-core-[hash].js' : 'chunks/[name]-[hash].js';

const widget = {
  input: { 'session-chat': 'dist/src/browser.js', 'session-chat-launcher': 'dist/src/launcher.js' },
  output: {
    dir: 'dist/browser',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: widgetChunkName,
    manualChunks: libraryChunk,
    sourcemap,
  },
  // Lazy chunks may import internals from the entry instead of a separate shared chunk.
  preserveEntrySignatures: 'allow-extension',
  plugins: browserPlugins,
};

const modules = {
  ...widget,
  input: { index: 'dist/src/index.js', client: 'dist/src/client/index.js' },
};
// The workers import nothing: no library chunks there.

// The previewers' workers, each bundled on its own (sharing nothing with the widget's graph, so
// a bundler or the relay can serve the one file) and emitted next to the chunks, where
// `new URL('./pdf-worker.js', import.meta.url)` finds them.
const workers = ['pdf-worker', 'docx-worker', 'legacy-worker', 'sheet-worker'].map((name) => ({
  input: { [name]: `dist/src/preview/${name}.js` },
  output: { dir: 'dist/browser/chunks', format: 'es', entryFileNames: '[name].js', sourcemap },
  plugins: browserPlugins,
}));

/** The relay's emoji route serves these copies (English, German), so emoji-picker-element-data is not a runtime dependency. */
function copyEmojiData() {
  return {
    name: 'copy-emoji-data',
    async writeBundle() {
      const require = createRequire(import.meta.url);
      await mkdir('dist/emoji/de', { recursive: true });
      await copyFile(require.resolve('emoji-picker-element-data/en/emojibase/data.json'), 'dist/emoji/data.json');
      await copyFile(require.resolve('emoji-picker-element-data/de/cldr/data.json'), 'dist/emoji/de/data.json');
    },
  };
}

// The headless client for Node (`session-chat/client` outside browsers): tus-js-client's Node
// build and its CommonJS dependencies inside, Node's built-ins outside. Not minified: server code.
const nodeClient = {
  input: { client: 'dist/src/client/index.js' },
  output: { dir: 'dist/node', format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap },
  external: (id) => id.startsWith('node:') || createRequire(import.meta.url).resolve.paths(id) === null,
  plugins: [nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }), commonjs({ strictRequires: 'auto' }), copyEmojiData()],
};

// The React wrapper and the bundled declarations (dist/types) have their own files.
export default [widget, modules, ...workers, nodeClient, reactWrapper, ...declarations];
