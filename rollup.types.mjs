// Bundles the published declarations: one file per export path in dist/types/. The browser-side
// entries share what they have in common in dist/types/chunks/ (so a SessionClient from
// `session-chat/client` is the same type as the one `session-chat` declares); the relay's stands
// alone. Input is tsc's declarations (dist/src, dist/server).
// `respectExternal` copies in the types of the libraries the browser build carries inside (Lit,
// @lit/react…), which are devDependencies: a consumer needs none of them. What stays an import
// is a runtime dependency (its types come with it), Node's modules (@types/node) and React (an
// optional peer, needed only by `session-chat/react`).
import { readFileSync } from 'node:fs';
import { dts } from 'rollup-plugin-dts';

// Read from package.json, so that a new runtime dependency (ioredis, prom-client…) stays an import.
const dependencies = Object.keys(JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).dependencies);
const kept = (id) =>
  id.startsWith('node:') || id === 'react' || id.startsWith('react/') || dependencies.some((name) => id === name || id.startsWith(`${name}/`));

const output = {
  dir: 'dist/types',
  format: 'es',
  entryFileNames: '[name].d.ts',
  chunkFileNames: (chunk) => `chunks/${chunk.name.replace(/\.d$/, '')}-[hash].d.ts`,
};

export default [
  // The relay on its own, so that a server-only consumer reads no declaration of the browser side.
  {
    input: { server: 'dist/server/index.d.ts' },
    output,
    external: kept,
    plugins: [dts({ respectExternal: true })],
  },
  {
    input: {
      index: 'dist/src/index.d.ts',
      bundle: 'dist/src/browser.d.ts',
      launcher: 'dist/src/launcher.d.ts',
      client: 'dist/src/client/index.d.ts',
      react: 'dist/src/react/index.d.ts',
    },
    output,
    external: kept,
    plugins: [dts({ respectExternal: true })],
  },
];
