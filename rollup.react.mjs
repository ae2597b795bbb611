// `session-chat/react` (dist/react/index.js): the React wrapper, with @lit/react inside (a
// devDependency). `react` (an optional peer) stays an import, and so does the element: the
// wrapper's `../index.js` becomes `session-chat`, whose entry registers <session-chat> once.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';

const elementEntry = fileURLToPath(new URL('./dist/src/index.js', import.meta.url));
const isElementEntry = (id, importer) => (importer && id.startsWith('.') ? resolve(dirname(importer), id) : id) === elementEntry;

export default {
  input: { index: 'dist/src/react/index.js' },
  output: { dir: 'dist/react', format: 'es', sourcemap: true },
  external: (id) => id === 'react' || id.startsWith('react/'),
  plugins: [
    {
      name: 'session-chat-element',
      resolveId: (source, importer) => (isElementEntry(source, importer) ? { id: 'session-chat', external: true } : null),
    },
    nodeResolve(),
  ],
};
