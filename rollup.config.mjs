// Bundles the browser build that pages load directly (the demo, hosts without a bundler):
// dist/browser/session-chat.js is the widget's first load; lazy parts become chunks.
// Input is tsc's output (dist/src), so TypeScript is compiled once, by tsc.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';
import reactWrapper from './rollup.react.mjs';
import declarations from './rollup.types.mjs';

const widget = {
  input: {
    'session-chat': 'dist/src/browser.js',
  },
  output: {
    dir: 'dist/browser',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  // Lazy chunks may import internals from the entry instead of a separate shared chunk:
  // the first load stays one file.
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    // Lazy chunks built on CommonJS packages (tus-js-client's url-parse, js-base64…).
    // papaparse requires 'stream' only in Node's duplex mode: leave that require alone.
    commonjs({ strictRequires: false, ignore: ['stream'] }),
    // Lit's css`` and html`` templates are strings to terser: minify their insides too.
    minifyTemplateLiterals(),
    terser({ format: { comments: false }, ecma: 2022, module: true }),
  ],
};

// The previewers' workers, each bundled on its own (sharing nothing with the widget's graph) and
// emitted next to the chunks, where `new URL('./pdf-worker.js', import.meta.url)` finds them.
const workers = ['pdf-worker', 'docx-worker'].map((name) => ({
  input: { [name]: `dist/src/preview/${name}.js` },
  output: { dir: 'dist/browser/chunks', format: 'es', entryFileNames: '[name].js', sourcemap: true },
  plugins: widget.plugins,
}));

// The preview dialog and its previewers are lazy chunks of the widget: <session-chat> loads the
// dialog with import() on the first "Preview".
// The React wrapper and the bundled declarations (dist/types) have their own files.
export default [widget, ...workers, reactWrapper, ...declarations];
