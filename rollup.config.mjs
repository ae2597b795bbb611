// Bundles the browser build that pages load directly (the demo, hosts without a bundler):
// dist/browser/session-chat.js is the widget's first load; lazy parts become chunks.
// Input is tsc's output (dist/src), so TypeScript is compiled once, by tsc.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: { 'session-chat': 'dist/src/index.js' },
  output: {
    dir: 'dist/browser',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    // Lazy chunks built on CommonJS packages (tus-js-client's url-parse, js-base64…).
    commonjs({ strictRequires: false }),
    terser({ format: { comments: false }, ecma: 2022, module: true }),
  ],
};
