// Dev-server pieces for the React wrapper's test (test/browser/react-wrapper.test.ts), kept out of
// web-test-runner.config.mjs so the shared config only lists them. React 19 ships CommonJS only
// (with named exports a CommonJS transform cannot see through `module.exports = require(…)`) and
// reads process.env.NODE_ENV: esbuild bundles react, react-dom and react-dom/client once into one
// ES module (one React instance, development builds), and the bare imports `react`,
// `react-dom` and `react-dom/client` become small modules that re-export its parts by name.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Bare import → [served path, the bundle's export that holds it, the package's CommonJS id]. */
const entries = {
  react: ['/__react/react.js', 'React', 'react'],
  'react-dom': ['/__react/react-dom.js', 'ReactDOM', 'react-dom'],
  'react-dom/client': ['/__react/react-dom-client.js', 'ReactDOMClient', 'react-dom/client'],
};

let bundle = null;
async function reactBundle() {
  bundle ??= build({
    stdin: {
      contents: Object.values(entries).map(([, name, id]) => `export * as ${name} from '${id}';`).join('\n'),
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    write: false,
    define: { 'process.env.NODE_ENV': '"development"' },
  }).then((result) => result.outputFiles[0].text);
  return bundle;
}

/** A module re-exporting one part of the bundle under the names its CommonJS module exports. */
function reexport(name, id) {
  // Read in a child process: React's development build patches the console as it loads, which
  // the test runner's own console does not survive.
  const keys = JSON.parse(execFileSync(process.execPath, ['-p', `JSON.stringify(Object.keys(require(${JSON.stringify(id)})))`], { cwd: root, encoding: 'utf8' }));
  const names = keys.filter((key) => key !== 'default' && /^[A-Za-z_$][\w$]*$/.test(key));
  return [
    `import { ${name} } from '/__react/bundle.js';`,
    `const part = ${name}.default ?? ${name};`,
    'export default part;',
    `export const { ${names.join(', ')} } = part;`,
  ].join('\n');
}

export function reactPlugins() {
  return [
    {
      name: 'react-as-es-modules',
      resolveImport({ source }) {
        return entries[source]?.[0];
      },
      async serve(context) {
        if (context.path === '/__react/bundle.js') return { body: await reactBundle(), type: 'js' };
        const entry = Object.values(entries).find(([path]) => path === context.path);
        return entry ? { body: reexport(entry[1], entry[2]), type: 'js' } : undefined;
      },
    },
  ];
}
